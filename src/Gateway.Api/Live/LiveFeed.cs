using System.Threading.Channels;
using TSMetrics.Grains.Interfaces;

namespace TSMetrics.Gateway.Api.Live;

/// <summary>
/// The gateway's one subscription to a test's snapshot stream, shared by all of its local listeners.
/// Each listener gets a small bounded queue that keeps the newest snapshots, so a slow client skips
/// versions instead of holding memory or slowing the others.
/// </summary>
internal sealed class LiveFeed(string test)
{
    private readonly List<Channel<TestSnapshot>> _listeners = [];
    private readonly Lock _lock = new();

    public string Test { get; } = test;

    public Orleans.Streams.StreamSubscriptionHandle<TestSnapshot>? Handle { get; set; }

    public int Count
    {
        get
        {
            lock (_lock) return _listeners.Count;
        }
    }

    public ChannelReader<TestSnapshot> Add()
    {
        var channel = Channel.CreateBounded<TestSnapshot>(new BoundedChannelOptions(8) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
        lock (_lock) _listeners.Add(channel);
        return channel.Reader;
    }

    public void Remove(ChannelReader<TestSnapshot> reader)
    {
        lock (_lock) _listeners.RemoveAll(c => c.Reader == reader);
    }

    public Task PublishAsync(TestSnapshot snapshot)
    {
        lock (_lock)
            foreach (var listener in _listeners) listener.Writer.TryWrite(snapshot);
        return Task.CompletedTask;
    }
}
