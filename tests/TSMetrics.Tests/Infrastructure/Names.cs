namespace TSMetrics.Tests.Infrastructure;

/// <summary>Unique test and metric names, so tests sharing a cluster never read each other's points.</summary>
public static class Names
{
    public static string Unique(string prefix) => $"{prefix}_{Guid.NewGuid():N}"[..(prefix.Length + 13)];
}
