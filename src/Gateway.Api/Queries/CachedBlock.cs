using System.Text.Encodings.Web;
using TSMetrics.Gateway.Api.Answers;

namespace TSMetrics.Gateway.Api.Queries;

/// <summary>
/// A closed stretch of history as storage answered it: per variant its non-empty buckets in time order, and
/// once an answer wrote it, their encoded JSON (<see cref="EncodedColumns"/> for <c>format=columns</c>, the bucket
/// objects of the default shape), which never changes either: the next answer copies it.
/// </summary>
public sealed record CachedBlock(IReadOnlyList<(string Variant, BucketAggregate[] Buckets)> Variants, DateTimeOffset FilledAt)
{
    private EncodedColumns[]? _columns;
    private byte[][]? _objects;
    private int _encodedBytes;
    private Action<CachedBlock, int>? _encoded;

    public int BucketCount { get; } = Variants.Sum(v => v.Buckets.Length);

    /// <summary>Bytes of encoded JSON the block holds.</summary>
    public int EncodedBytes => Volatile.Read(ref _encodedBytes);

    /// <summary>The encoded columns of variant <paramref name="index"/>, encoded on first use (racing writers encode the same bytes).</summary>
    public EncodedColumns Columns(int index, JavaScriptEncoder? encoder)
    {
        var columns = _columns ??= new EncodedColumns[Variants.Count];
        if (columns[index] is { } done) return done;
        var encoded = columns[index] = EncodedColumns.Of(Variants[index].Buckets, encoder);
        Grew(encoded.Bytes);
        return encoded;
    }

    /// <summary>The buckets of variant <paramref name="index"/> as the default shape's objects, comma-separated, encoded on first use.</summary>
    public byte[] Objects(int index, JavaScriptEncoder? encoder)
    {
        var objects = _objects ??= new byte[Variants.Count][];
        if (objects[index] is { } done) return done;
        var encoded = objects[index] = SeriesBucketsWriter.Encode(Variants[index].Buckets, encoder);
        Grew(encoded.Length);
        return encoded;
    }

    /// <summary>Tells <paramref name="encoded"/> the bytes of every encoding from now on, so the cache holding the block counts them.</summary>
    internal void WhenEncoded(Action<CachedBlock, int> encoded) => _encoded = encoded;

    private void Grew(int bytes)
    {
        Interlocked.Add(ref _encodedBytes, bytes);
        _encoded?.Invoke(this, bytes);
    }
}
