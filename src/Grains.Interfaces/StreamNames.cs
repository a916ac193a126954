namespace TSMetrics.Grains.Interfaces;

/// <summary>Stream provider and namespace names, in one place for silos and gateways.</summary>
public static class StreamNames
{
    /// <summary>The stream provider (memory streams) silos and gateways register.</summary>
    public const string Provider = "tsm";

    /// <summary>
    /// Queues of the memory-streams provider, the same on silos and gateways. Each queue's cache costs about
    /// 2 MB of heap once used (Orleans' default of 8 cost 16 MB per silo); live snapshots are a few messages
    /// a second per test, which two queues' pulling agents carry with room to spare.
    /// </summary>
    public const int Queues = 2;

    /// <summary>How long a silo's stream cache keeps a published snapshot at least (at most twice that).</summary>
    public static readonly TimeSpan CacheTime = TimeSpan.FromSeconds(30);

    /// <summary>Grain storage the stream pub-sub keeps subscriptions in.</summary>
    public const string PubSubStore = "PubSubStore";

    /// <summary>Namespace of per-test snapshot streams, keyed by test name.</summary>
    public const string TestSnapshots = "test-snapshots";
}
