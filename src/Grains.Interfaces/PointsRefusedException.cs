namespace TSMetrics.Grains.Interfaces;

/// <summary>
/// Storage refused the points of one batch for a reason in their data (PostgreSQL rejected a row), so
/// nothing of the batch was stored and retrying it cannot succeed. Other batches written in the same round
/// trip were retried on their own and are not affected.
/// </summary>
[GenerateSerializer, Alias("TSMetrics.PointsRefusedException")]
public sealed class PointsRefusedException : Exception
{
    /// <summary>Creates the exception with the reason storage gave.</summary>
    public PointsRefusedException(string message)
        : base(message)
    {
    }
}
