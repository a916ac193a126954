using System.Collections.Concurrent;
using System.Threading.Channels;
using Orleans.Streams;
using TSMetrics.Grains.Interfaces;

namespace TSMetrics.Gateway.Api.Live;

/// <summary>
/// Fans test snapshots out to the SSE and WebSocket clients of this gateway: one stream subscription per
/// test however many clients listen, dropped when the last one leaves.
/// </summary>
public sealed class LiveHub(IClusterClient client)
{
    private readonly ConcurrentDictionary<string, LiveFeed> _feeds = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>Number of stream subscriptions this gateway holds (one per test with listeners).</summary>
    public int SubscriptionCount => _feeds.Count;

    /// <summary>Live clients of this gateway, over all tests.</summary>
    public int ListenerCount
    {
        get
        {
            var count = 0;
            foreach (var feed in _feeds.Values) count += feed.Count;
            return count;
        }
    }

    public async Task<ChannelReader<TestSnapshot>> ListenAsync(string test, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (!_feeds.TryGetValue(test, out var feed))
            {
                feed = new LiveFeed(test);
                feed.Handle = await Stream(test).SubscribeAsync((snapshot, _) => feed.PublishAsync(snapshot));
                _feeds[test] = feed;
            }

            return feed.Add();
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task LeaveAsync(string test, ChannelReader<TestSnapshot> listener)
    {
        await _gate.WaitAsync();
        try
        {
            if (!_feeds.TryGetValue(test, out var feed)) return;
            feed.Remove(listener);
            if (feed.Count > 0) return;
            _feeds.TryRemove(test, out _);
            if (feed.Handle is not null) await feed.Handle.UnsubscribeAsync();
        }
        finally
        {
            _gate.Release();
        }
    }

    private IAsyncStream<TestSnapshot> Stream(string test) =>
        client.GetStreamProvider(StreamNames.Provider).GetStream<TestSnapshot>(StreamId.Create(StreamNames.TestSnapshots, test));
}
