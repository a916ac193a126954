using System.Globalization;
using Google.Protobuf.Collections;
using TSMetrics.Gateway.Api.Ingest;
using OpenTelemetry.Proto.Collector.Metrics.V1;
using OpenTelemetry.Proto.Common.V1;
using OpenTelemetry.Proto.Metrics.V1;
using TSMetrics.Grains.Interfaces;

namespace TSMetrics.Gateway.Api.Otlp;

/// <summary>
/// Turns an OTLP export into the points of a <see cref="ParsedBatch"/>: gauges, delta sums and non-monotonic
/// sums become points (the value as given), each delta histogram data point (explicit or exponential) one
/// summary point (<see cref="HistogramSummaries"/>); what TSMetrics cannot store honestly is rejected point by point
/// into <see cref="OtlpRejections"/> (reported in partial_success), so one odd point never costs the export.
/// The checks the pipeline would make (names, time range, user id length) are made here per point for that reason.
/// </summary>
internal sealed class OtlpMapper(OtlpOptions options)
{
    internal const string CumulativeSum = "monotonic cumulative sums are not stored (a running total is not a per-interval value); export with delta temporality (OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE=delta)";
    internal const string CumulativeHistogram = "cumulative histograms are not stored (each export would count every earlier value again); export with delta temporality (OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE=delta, or MetricReaderTemporalityPreference.Delta)";
    internal const string Summary = "summaries are not stored";

    internal string[] TestKeys { get; } = OtlpOptions.Names(options.TestAttributes);

    internal string[] VariantKeys { get; } = OtlpOptions.Names(options.VariantAttributes);

    internal string[] UserKeys { get; } = OtlpOptions.Names(options.UserIdAttributes);

    public void Map(ExportMetricsServiceRequest request, IngestOptions limits, long nowMicros, ParsedBatch batch, OtlpRejections rejections)
    {
        var bounds = new TimeBounds(UnixTime.ToMicros(limits.EarliestTimestamp), nowMicros + limits.MaxFutureSkew.Ticks / 10);
        foreach (var resource in request.ResourceMetrics)
        {
            var fromResource = OtlpFlags.Find(resource.Resource?.Attributes, this, default);
            foreach (var scope in resource.ScopeMetrics)
            {
                var fromScope = OtlpFlags.Find(scope.Scope?.Attributes, this, fromResource);
                foreach (var metric in scope.Metrics)
                {
                    switch (metric.DataCase)
                    {
                        case Metric.DataOneofCase.Gauge:
                            AddPoints(metric.Name, metric.Gauge.DataPoints, fromScope, limits, bounds, batch, rejections);
                            break;
                        case Metric.DataOneofCase.Sum when metric.Sum.AggregationTemporality == AggregationTemporality.Delta || !metric.Sum.IsMonotonic:
                            AddPoints(metric.Name, metric.Sum.DataPoints, fromScope, limits, bounds, batch, rejections);
                            break;
                        case Metric.DataOneofCase.Sum:
                            rejections.Add(CumulativeSum, metric.Sum.DataPoints.Count);
                            break;
                        case Metric.DataOneofCase.Histogram when metric.Histogram.AggregationTemporality == AggregationTemporality.Delta:
                            AddHistograms(metric.Name, metric.Histogram.DataPoints, fromScope, limits, bounds, batch, rejections);
                            break;
                        case Metric.DataOneofCase.Histogram:
                            rejections.Add(CumulativeHistogram, metric.Histogram.DataPoints.Count);
                            break;
                        case Metric.DataOneofCase.ExponentialHistogram when metric.ExponentialHistogram.AggregationTemporality == AggregationTemporality.Delta:
                            AddHistograms(metric.Name, metric.ExponentialHistogram.DataPoints, fromScope, limits, bounds, batch, rejections);
                            break;
                        case Metric.DataOneofCase.ExponentialHistogram:
                            rejections.Add(CumulativeHistogram, metric.ExponentialHistogram.DataPoints.Count);
                            break;
                        case Metric.DataOneofCase.Summary:
                            rejections.Add(Summary, metric.Summary.DataPoints.Count);
                            break;
                    }
                }
            }
        }
    }

    private void AddPoints(
        string metric, RepeatedField<NumberDataPoint> points, OtlpFlags inherited, IngestOptions limits, TimeBounds bounds, ParsedBatch batch, OtlpRejections rejections)
    {
        if (!CheckMetric(metric, points.Count, limits, rejections)) return;
        for (var i = 0; i < points.Count; i++)
        {
            var point = points[i];
            // A point flagged "no recorded value" only marks a stream as stale: nothing to store, nothing wrong.
            if ((point.Flags & 1) != 0) continue;
            if (point.ValueCase == NumberDataPoint.ValueOneofCase.None)
            {
                rejections.Add("a number data point has no value");
                continue;
            }

            var value = point.ValueCase == NumberDataPoint.ValueOneofCase.AsInt ? point.AsInt : point.AsDouble;
            Add(metric, OtlpFlags.Find(point.Attributes, this, inherited), value, null, point.TimeUnixNano, limits, bounds, batch, rejections);
        }
    }

    // One summary point per data point (count, sum, extremes, M2, bins); it counts as one against MaxPointsPerBatch.
    private void AddHistograms(
        string metric, RepeatedField<HistogramDataPoint> points, OtlpFlags inherited, IngestOptions limits, TimeBounds bounds, ParsedBatch batch, OtlpRejections rejections)
    {
        if (!CheckMetric(metric, points.Count, limits, rejections)) return;
        for (var i = 0; i < points.Count; i++)
        {
            var point = points[i];
            if ((point.Flags & 1) != 0) continue;
            var summary = HistogramSummaries.Of(point, out var problem);
            AddSummary(metric, summary, problem, point.Sum, OtlpFlags.Find(point.Attributes, this, inherited), point.TimeUnixNano, limits, bounds, batch, rejections);
        }
    }

    private void AddHistograms(
        string metric, RepeatedField<ExponentialHistogramDataPoint> points, OtlpFlags inherited, IngestOptions limits, TimeBounds bounds, ParsedBatch batch, OtlpRejections rejections)
    {
        if (!CheckMetric(metric, points.Count, limits, rejections)) return;
        for (var i = 0; i < points.Count; i++)
        {
            var point = points[i];
            if ((point.Flags & 1) != 0) continue;
            var summary = HistogramSummaries.Of(point, out var problem);
            AddSummary(metric, summary, problem, point.Sum, OtlpFlags.Find(point.Attributes, this, inherited), point.TimeUnixNano, limits, bounds, batch, rejections);
        }
    }

    // An empty data point (count 0) has no summary and no problem: nothing to store, nothing wrong.
    private void AddSummary(
        string metric, PointSummary? summary, string? problem, double sum, in OtlpFlags flags, ulong timeUnixNano, IngestOptions limits, TimeBounds bounds, ParsedBatch batch, OtlpRejections rejections)
    {
        if (problem is not null) rejections.Add(problem);
        else if (summary is not null) Add(metric, flags, sum, summary, timeUnixNano, limits, bounds, batch, rejections);
    }

    private static bool CheckMetric(string metric, int points, IngestOptions limits, OtlpRejections rejections)
    {
        if (NameRules.Check(metric, limits.MaxNameLength) is not { } metricProblem) return true;
        rejections.Add($"metric name '{Shorten(metric)}' {metricProblem.TrimEnd('.')}", points);
        return false;
    }

    private void Add(
        string metric, in OtlpFlags flags, double value, PointSummary? summary, ulong timeUnixNano, IngestOptions limits, TimeBounds bounds, ParsedBatch batch, OtlpRejections rejections)
    {
        if (Reject(flags, value, timeUnixNano, limits, bounds) is { } reason)
        {
            rejections.Add(reason);
            return;
        }

        if (batch.Points.Count >= limits.MaxPointsPerBatch)
        {
            rejections.Add($"more than {limits.MaxPointsPerBatch} data points in one export; send smaller batches");
            return;
        }

        batch.Points.Add(new RawPoint
        {
            Test = flags.Test, Variant = flags.Variant, UserId = flags.UserId, Metric = metric,
            Value = value, HasValue = true, TimeMicros = (long)(timeUnixNano / 1_000), HasTime = timeUnixNano != 0, Summary = summary,
        });
    }

    private string? Reject(in OtlpFlags flags, double value, ulong timeUnixNano, IngestOptions limits, TimeBounds bounds)
    {
        if (!double.IsFinite(value)) return "values must be finite numbers";
        if (flags.Test is null != flags.Variant is null)
            return flags.Test is null
                ? $"a variant attribute ({options.VariantAttributes}) needs a test attribute ({options.TestAttributes})"
                : $"a test attribute ({options.TestAttributes}) needs a variant attribute ({options.VariantAttributes})";
        if (flags.Test is null && options.UnflaggedPoints == UnflaggedPoints.Reject)
            return $"data points without a test attribute ({options.TestAttributes}) are not accepted here";
        if (flags.Test is not null && NameRules.Check(flags.Test, limits.MaxNameLength) is { } testProblem)
            return $"test name '{Shorten(flags.Test)}' {testProblem.TrimEnd('.')}";
        if (flags.Variant is not null && NameRules.Check(flags.Variant, limits.MaxNameLength) is { } variantProblem)
            return $"variant name '{Shorten(flags.Variant)}' {variantProblem.TrimEnd('.')}";
        if (flags.UserId is { Length: var length } && length > limits.MaxUserIdLength)
            return $"user ids longer than {limits.MaxUserIdLength} characters";
        var micros = (long)(timeUnixNano / 1_000);
        if (timeUnixNano != 0 && micros < bounds.Earliest) return $"time_unix_nano before the earliest accepted timestamp, {limits.EarliestTimestamp:O}";
        if (micros > bounds.Latest) return $"time_unix_nano more than {limits.MaxFutureSkew} in the future";
        return null;
    }

    private static string Shorten(string name) => name.Length <= 40 ? name : string.Concat(name.AsSpan(0, 40), "...");

    private readonly record struct TimeBounds(long Earliest, long Latest);
}
