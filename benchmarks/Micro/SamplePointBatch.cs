using TSMetrics.Grains.Interfaces;

namespace TSMetrics.Benchmarks.Micro;

/// <summary>A grain batch as the gateway makes it: one series, two variants, user ids, times within the last second.</summary>
public static class SamplePointBatch
{
    public static PointBatch Create(int points)
    {
        var now = UnixTime.ToMicros(DateTimeOffset.UtcNow);
        var random = new Random(2);
        var users = Enumerable.Range(0, 1_000).Select(u => $"u{u}").ToArray();
        var list = new SeriesPoint[points];
        for (var i = 0; i < points; i++)
        {
            var user = random.Next(users.Length);
            list[i] = new SeriesPoint(now - random.Next(1_000_000), 50 + random.NextDouble() * 100, user % 2, users[user]);
        }

        return new PointBatch(["A", "B"], list, "batch-1");
    }
}
