namespace TSMetrics.Grains.Interfaces;

/// <summary>
/// A grain could not reach storage, so nothing was acknowledged. Serializable (unlike the database
/// driver's own exceptions), so callers get it at once instead of waiting for a response timeout.
/// </summary>
[GenerateSerializer, Alias("TSMetrics.StorageUnavailableException")]
public sealed class StorageUnavailableException : Exception
{
    /// <summary>Creates the exception with a message that says what failed.</summary>
    public StorageUnavailableException(string message)
        : base(message)
    {
    }
}
