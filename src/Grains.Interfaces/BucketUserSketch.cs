namespace TSMetrics.Grains.Interfaces;

/// <summary>
/// The distinct users of one output bucket that a series grain holds and storage does not have yet (its
/// pending buckets and a flush in flight): a <see cref="BucketUsers"/> sketch's bytes, for the caller to
/// union with the rollups' sketches of the same bucket. A union, so a user in both counts once.
/// </summary>
/// <param name="StartMicros">Output bucket start, aligned to the request's granularity.</param>
/// <param name="Sketch">What <c>DistinctCountSketch.ToBytes</c> wrote.</param>
[GenerateSerializer, Immutable, Alias("TSMetrics.BucketUserSketch")]
public readonly record struct BucketUserSketch(long StartMicros, byte[] Sketch);
