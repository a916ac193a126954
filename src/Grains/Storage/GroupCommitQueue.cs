using System.Threading.Channels;

namespace TSMetrics.Grains.Storage;

/// <summary>
/// Group commit: callers enqueue items and await their task; writer loops take everything queued so far
/// and commit it in one database round trip, then complete every caller at once. Under load, one round
/// trip serves many requests, so durability costs round trips per second, not per request. When a shared
/// commit fails because of one item's data, each item is committed on its own, so only the faulty one fails.
/// </summary>
public sealed class GroupCommitQueue<T> : IAsyncDisposable
{
    private readonly Channel<Entry> _channel;
    private readonly Func<IReadOnlyList<T>, CancellationToken, Task> _commit;
    private readonly Func<Exception, bool> _isItemFault;
    private readonly int _maxItemsPerCommit;
    private readonly Func<T, int>? _size;
    private readonly int _maxSizePerCommit;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task[] _writers;

    /// <param name="isItemFault">Whether a failed commit may be the fault of one item's data (then retried item by item).</param>
    /// <param name="size">How much an item weighs (rows, say); a commit stops taking items once they weigh <paramref name="maxSizePerCommit"/>.</param>
    public GroupCommitQueue(
        Func<IReadOnlyList<T>, CancellationToken, Task> commit, Func<Exception, bool> isItemFault, int writers, int maxItemsPerCommit, int capacity,
        Func<T, int>? size = null, int maxSizePerCommit = int.MaxValue)
    {
        _size = size;
        _maxSizePerCommit = maxSizePerCommit;
        _commit = commit;
        _isItemFault = isItemFault;
        _maxItemsPerCommit = maxItemsPerCommit;
        // Bounded: when storage falls behind, callers wait here instead of growing memory without limit.
        _channel = Channel.CreateBounded<Entry>(new BoundedChannelOptions(capacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleWriter = false,
            SingleReader = writers == 1,
        });
        _writers = new Task[writers];
        for (var i = 0; i < writers; i++) _writers[i] = Task.Run(RunWriterAsync);
    }

    /// <summary>Completes when <paramref name="item"/> is committed; faults when its group failed.</summary>
    public async Task CommitAsync(T item, CancellationToken cancellationToken = default)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await _channel.Writer.WriteAsync(new Entry(item, done), cancellationToken);
        await done.Task;
    }

    public async ValueTask DisposeAsync()
    {
        _channel.Writer.TryComplete();
        try
        {
            await Task.WhenAll(_writers).WaitAsync(TimeSpan.FromSeconds(30));
        }
        catch (TimeoutException)
        {
            await _stopping.CancelAsync();
        }

        _stopping.Dispose();
    }

    private async Task RunWriterAsync()
    {
        var group = new List<Entry>(_maxItemsPerCommit);
        var items = new List<T>(_maxItemsPerCommit);
        var reader = _channel.Reader;
        while (await reader.WaitToReadAsync())
        {
            var weight = 0L;
            while (group.Count < _maxItemsPerCommit && weight < _maxSizePerCommit && reader.TryRead(out var entry))
            {
                group.Add(entry);
                items.Add(entry.Item);
                if (_size is not null) weight += _size(entry.Item);
            }

            if (group.Count == 0) continue;
            try
            {
                await _commit(items, _stopping.Token);
                foreach (var entry in group) entry.Done.TrySetResult();
            }
            catch (Exception exception) when (group.Count > 1 && _isItemFault(exception))
            {
                await CommitOneByOneAsync(group);
            }
            catch (Exception exception)
            {
                foreach (var entry in group) entry.Done.TrySetException(exception);
            }

            group.Clear();
            items.Clear();
        }
    }

    // Rare (a row the database refused), so a round trip per item costs nothing that matters.
    private async Task CommitOneByOneAsync(List<Entry> group)
    {
        var single = new T[1];
        foreach (var entry in group)
        {
            single[0] = entry.Item;
            try
            {
                await _commit(single, _stopping.Token);
                entry.Done.TrySetResult();
            }
            catch (Exception exception)
            {
                entry.Done.TrySetException(exception);
            }
        }
    }

    private readonly record struct Entry(T Item, TaskCompletionSource Done);
}
