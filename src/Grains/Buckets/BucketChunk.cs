using TSMetrics.Grains.Interfaces;

namespace TSMetrics.Grains.Buckets;

/// <summary>
/// <see cref="Size"/> consecutive buckets of a ring, under one index (bucket index / <see cref="Size"/>): the unit
/// a <see cref="ChunkTable"/> allocates, finds and recycles. A chunk starts as a <see cref="SingleBucketChunk"/>
/// (sparse data, a point a minute in the seconds ring, say, touches one bucket of four) and becomes a
/// <see cref="FullBucketChunk"/> when a second bucket of it gets a point. The statistics are inline, so a
/// chunk is one object; bins and categories live beside it in the table, so a numeric series carries no
/// reference for them.
/// </summary>
internal abstract class BucketChunk(long index)
{
    public const int Size = 4;

    /// <summary>Bucket index of the first bucket divided by <see cref="Size"/>.</summary>
    public long Index = index;

    /// <summary>The statistics of bucket <paramref name="at"/> of the chunk (or empty when the chunk holds none for it).</summary>
    public abstract SummaryStats Read(int at);

    /// <summary>Whether the chunk has room for bucket <paramref name="at"/>; a single chunk has room for its own bucket only.</summary>
    public abstract bool Holds(int at);

    /// <summary>The statistics of bucket <paramref name="at"/>, which the chunk <see cref="Holds"/>.</summary>
    public abstract ref SummaryStats Bucket(int at);

    /// <summary>Takes the chunk over for newer buckets, starting at bucket <paramref name="at"/>, keeping the object.</summary>
    public abstract void Recycle(long index, int at);
}
