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

    public int BucketCount { get; } = Variants.Sum(v => v.Buckets.Length);

    /// <summary>The encoded columns of variant <paramref name="index"/>, encoded on first use (racing writers encode the same bytes).</summary>
    public EncodedColumns Columns(int index, JavaScriptEncoder? encoder) =>
        (_columns ??= new EncodedColumns[Variants.Count])[index] ??= EncodedColumns.Of(Variants[index].Buckets, encoder);

    /// <summary>The buckets of variant <paramref name="index"/> as the default shape's objects, comma-separated, encoded on first use.</summary>
    public byte[] Objects(int index, JavaScriptEncoder? encoder) =>
        (_objects ??= new byte[Variants.Count][])[index] ??= SeriesBucketsWriter.Encode(Variants[index].Buckets, encoder);
}
