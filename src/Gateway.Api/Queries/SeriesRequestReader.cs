using Microsoft.Extensions.Options;
using TSMetrics.Gateway.Api.Ingest;
using TSMetrics.Grains.Interfaces;

namespace TSMetrics.Gateway.Api.Queries;

/// <summary>
/// Turns query-string values into a <see cref="SeriesRequest"/>, or into field errors that name the
/// parameter as the caller spelled it (from/to for /v1, start/end for the predecessor's /metrics).
/// </summary>
public sealed class SeriesRequestReader(IOptions<QueryOptions> queryOptions, IOptions<IngestOptions> ingestOptions, TimeProvider time)
{
    public record struct Fields(string TestName, string MetricName, string FromName, string ToName);

    /// <summary>The span a request without a start covers.</summary>
    public long DefaultSpanMicros => queryOptions.Value.DefaultSpan.Ticks / 10;

    public SeriesRequest? Read(
        Fields names, string? test, string? metric, string? from, string? to, string? granularity, string? variant,
        Dictionary<string, string[]> errors)
    {
        var limits = queryOptions.Value;
        var maxName = ingestOptions.Value.MaxNameLength;
        if (string.IsNullOrEmpty(metric)) errors[names.MetricName] = ["is required."];
        else if (NameRules.Check(metric, maxName) is { } metricProblem) errors[names.MetricName] = [metricProblem];
        if (!string.IsNullOrEmpty(test) && NameRules.Check(test, maxName) is { } testProblem) errors[names.TestName] = [testProblem];
        if (!string.IsNullOrEmpty(variant) && NameRules.Check(variant, maxName) is { } variantProblem) errors["variant"] = [variantProblem];

        long step = 60_000_000;
        if (granularity is not null && !Granularity.TryParse(granularity, out step))
            errors["granularity"] = [$"'{granularity}' is not {Granularity.Expected}."];

        var now = UnixTime.ToMicros(time.GetUtcNow());
        var end = now;
        if (to is not null && !Timestamps.TryParse(to, out end)) errors[names.ToName] = ["must be ISO-8601 or unix seconds."];
        var start = end - limits.DefaultSpan.Ticks / 10;
        if (from is not null && !Timestamps.TryParse(from, out start)) errors[names.FromName] = ["must be ISO-8601 or unix seconds."];
        if (errors.Count > 0) return null;

        if (start >= end)
        {
            errors[names.FromName] = [$"must be before {names.ToName}."];
            return null;
        }

        if (end - start > limits.MaxSpan.Ticks / 10)
        {
            errors[names.FromName] = [$"the span from {names.FromName} to {names.ToName} is longer than the limit of {limits.MaxSpan}."];
            return null;
        }

        // Whole buckets only: the answer reports the window its buckets cover, never less than they hold.
        var alignedStart = AlignedCover.FloorTo(start, step);
        var alignedEnd = AlignedCover.CeilingTo(end, step);
        var buckets = (alignedEnd - alignedStart) / step;
        if (buckets > limits.MaxBucketsPerSeries)
        {
            errors["granularity"] = [$"{buckets} buckets per variant over this span; at most {limits.MaxBucketsPerSeries}: choose a coarser granularity or a shorter span."];
            return null;
        }

        return new SeriesRequest(new SeriesKey(test ?? "", metric!), alignedStart, alignedEnd, step, string.IsNullOrEmpty(variant) ? null : variant);
    }
}
