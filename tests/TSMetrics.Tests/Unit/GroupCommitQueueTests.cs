using TSMetrics.Grains.Storage;
using TSMetrics.Tests.Infrastructure;

namespace TSMetrics.Tests.Unit;

public sealed class GroupCommitQueueTests
{
    [Fact]
    public async Task ACommitStopsTakingItemsOnceTheyReachTheSizeBudget()
    {
        var firstCommit = new TaskCompletionSource();
        var groups = new List<int[]>();
        await using var queue = new GroupCommitQueue<int>(
            async (items, _) =>
            {
                lock (groups) groups.Add([.. items]);
                if (groups.Count == 1) await firstCommit.Task;
            },
            _ => false, writers: 1, maxItemsPerCommit: 1_000, capacity: 100, size: _ => 10, maxSizePerCommit: 25);

        var first = queue.CommitAsync(0);
        await Eventually.MatchesAsync(() => Task.FromResult((long)groups.Count), count => count == 1, "the first commit running");
        // Queued while the first commit runs: they wait for the next ones.
        var rest = Enumerable.Range(1, 9).Select(i => queue.CommitAsync(i)).ToArray();
        firstCommit.SetResult();
        await Task.WhenAll(rest.Append(first));

        Assert.Equal(Enumerable.Range(0, 10), groups.SelectMany(g => g).Order());
        // Items weigh 10, the budget is 25: a commit takes items until they weigh 25 or more, so three at most.
        Assert.All(groups, g => Assert.InRange(g.Length, 1, 3));
        Assert.Equal(3, groups[1].Length);
    }
}
