using TSMetrics.Grains.Interfaces;

namespace TSMetrics.Grains.Storage;

/// <summary>One grain write to the point journal: the batches it gathered, under one sequence number.</summary>
public sealed record JournalEntry(SeriesKey Key, long Seq, IReadOnlyList<PointBatch> Batches);
