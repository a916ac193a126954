using System.Runtime.CompilerServices;
using TSMetrics.Grains.Interfaces;

namespace TSMetrics.Grains.Buckets;

/// <summary>
/// <see cref="Size"/> consecutive buckets of a ring, allocated when a point first lands in them and reused
/// in place when the ring comes round: one object per chunk, the statistics inline, one index for all. Four
/// buckets a chunk is the measured balance between chunks of sparse data (mostly empty) and the ring's table
/// of chunk references (one per chunk place).
/// </summary>
internal sealed class BucketChunk
{
    public const int Size = 4;

    /// <summary>Bucket index of the first bucket divided by <see cref="Size"/>.</summary>
    public long Index;

    public Buckets Stats;

    /// <summary>Bins and categories of all the chunk's buckets (shared, <see cref="BucketParts.SharedKey"/>), for series that have them; null for plain numbers.</summary>
    public BucketParts? Parts;

    /// <summary>Takes the chunk over for newer buckets, keeping its buffers.</summary>
    public void Recycle(long index)
    {
        Index = index;
        Stats = default;
        Parts?.Clear();
    }

    /// <summary>Folds an input into one of the chunk's buckets.</summary>
    public void Fold(int at, in BucketInput input)
    {
        if (!input.HasParts)
        {
            Stats[at].Add(input.Value);
            return;
        }

        input.FoldInto(ref Stats[at], ref Parts, at, Size);
    }

    /// <summary>Merges what storage holds for one of the chunk's buckets.</summary>
    public void Merge(int at, in SummaryStats stats, BucketParts? parts)
    {
        Stats[at].Merge(stats);
        if (parts is null || parts.IsEmpty) return;
        (Parts ??= new BucketParts()).Merge(parts, at, Size);
    }

    /// <summary>Adds one bucket's bins and categories to <paramref name="into"/>.</summary>
    public void AddPartsTo(int at, BucketParts into)
    {
        if (Parts is not null) into.MergeBucket(Parts, at, Size);
    }

    [InlineArray(Size)]
    public struct Buckets
    {
        private SummaryStats _first;
    }
}
