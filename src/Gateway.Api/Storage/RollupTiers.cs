using Microsoft.Extensions.Options;
using TSMetrics.Grains.Interfaces;

namespace TSMetrics.Gateway.Api.Storage;

/// <summary>
/// The rollup tables as history reads see them: width, table and how far back each still holds data
/// (1-second rollups are dropped after their retention; minutes and hours are kept).
/// </summary>
public sealed class RollupTiers(IOptions<RollupRetentionOptions> retention, TimeProvider time)
{
    private const long Second = 1_000_000L;
    private const long Minute = 60 * Second;
    private const long Hour = 60 * Minute;

    private static readonly string[] Tables = ["tsm.rollup_1h", "tsm.rollup_1m", "tsm.rollup_1s"];

    /// <summary>The coarsest rollup table whose buckets divide the width.</summary>
    public static string TableDividing(long micros) => micros % Hour == 0 ? Tables[0] : micros % Minute == 0 ? Tables[1] : Tables[2];

    /// <summary>
    /// Runs of rollup buckets covering the latest part of [from, to) that the tables can cover exactly;
    /// returns where that part starts (<paramref name="toMicros"/> when nothing can be covered).
    /// </summary>
    public long Cover(long fromMicros, long toMicros, List<(string Table, long FromMicros, long ToMicros)> runs)
    {
        var now = UnixTime.ToMicros(time.GetUtcNow());
        ReadOnlySpan<CoverTier> tiers =
        [
            new(Hour, 0, long.MaxValue),
            new(Minute, 0, long.MaxValue),
            // A second rollup within a minute of its retention may be dropped by the time the query runs.
            new(Second, AlignedCover.CeilingTo(now - retention.Value.SecondRollupRetention.Ticks / 10 + Minute, Second), long.MaxValue),
        ];
        var cover = new List<CoverRun>();
        var start = AlignedCover.CoverFrom(fromMicros, toMicros, tiers, cover);
        foreach (var run in cover) runs.Add((Tables[run.Tier], run.FromMicros, run.ToMicros));
        return start;
    }
}
