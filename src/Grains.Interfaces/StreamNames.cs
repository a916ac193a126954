namespace TSMetrics.Grains.Interfaces;

/// <summary>Stream provider and namespace names, in one place for silos and gateways.</summary>
public static class StreamNames
{
    /// <summary>The stream provider (memory streams) silos and gateways register.</summary>
    public const string Provider = "tsm";

    /// <summary>Grain storage the stream pub-sub keeps subscriptions in.</summary>
    public const string PubSubStore = "PubSubStore";

    /// <summary>Namespace of per-test snapshot streams, keyed by test name.</summary>
    public const string TestSnapshots = "test-snapshots";
}
