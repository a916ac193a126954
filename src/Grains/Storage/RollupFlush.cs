using TSMetrics.Grains.Buckets;
using TSMetrics.Grains.Interfaces;

namespace TSMetrics.Grains.Storage;

/// <summary>
/// One grain flush: rollup statistics (with the names of the category ids they count by) to add, the parts of the unit
/// totals to store in place of the stored ones, the catalog facts seen since the last flush, and the journal
/// sequence number through which everything is now in the rollups, and in the unit totals too when <see cref="Units"/>
/// is given (null: this flush leaves the units pending and their watermark where it was). Written in one transaction.
/// </summary>
public sealed record RollupFlush(
    SeriesKey Key,
    long FlushedSeq,
    string[] VariantNames,
    IReadOnlyList<RollupRow> Rows,
    IReadOnlyList<VariantSeen> Seen,
    IReadOnlyList<UnitPart>? Units,
    string[]? CategoryNames = null);
