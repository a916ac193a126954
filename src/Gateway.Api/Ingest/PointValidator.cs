using TSMetrics.Grains.Interfaces;

namespace TSMetrics.Gateway.Api.Ingest;

/// <summary>
/// Gives points the batch defaults and the receive time, and checks every rule. Any problem rejects the
/// whole request before anything is stored, so a batch is never half-written because of bad input.
/// </summary>
internal static class PointValidator
{
    public static void Validate(ParsedBatch batch, long nowMicros, IngestOptions options, IngestErrors errors)
    {
        if (batch.Points.Count == 0 && !errors.HasErrors)
        {
            errors.Add(batch.Names.Points, "is empty; send at least one point.");
            return;
        }

        var defaults = batch.Defaults;
        var latest = nowMicros + options.MaxFutureSkew.Ticks / 10;
        var earliest = UnixTime.ToMicros(options.EarliestTimestamp);
        var points = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(batch.Points);
        for (var i = 0; i < points.Length; i++)
        {
            ref var point = ref points[i];
            point.Test ??= defaults.Test;
            point.Metric ??= defaults.Metric;
            point.Variant ??= defaults.Variant;
            point.UserId ??= defaults.UserId;
            if (!point.HasTime)
            {
                point.TimeMicros = defaults.HasTime ? defaults.TimeMicros : nowMicros;
                point.HasTime = true;
            }

            Check(batch, i, ref point, latest, earliest, options, errors);
        }
    }

    private static void Check(ParsedBatch batch, int i, ref RawPoint point, long latest, long earliest, IngestOptions options, IngestErrors errors)
    {
        if (point.Metric is null) errors.Add(batch.FieldPath(i, "metric"), "is required.");
        else if (NameRules.Check(point.Metric, options.MaxNameLength) is { } metricProblem) errors.Add(batch.FieldPath(i, "metric"), metricProblem);

        if (point.Test is not null)
        {
            if (NameRules.Check(point.Test, options.MaxNameLength) is { } testProblem) errors.Add(batch.FieldPath(i, "test"), testProblem);
            if (string.IsNullOrEmpty(point.Variant)) errors.Add(batch.FieldPath(i, "variant"), "is required on a point of an A/B test.");
            else if (NameRules.Check(point.Variant, options.MaxNameLength) is { } variantProblem) errors.Add(batch.FieldPath(i, "variant"), variantProblem);
        }
        else if (point.Variant is not null)
        {
            errors.Add(batch.FieldPath(i, "variant"), "needs a test; a plain metric has no variants.");
        }

        if (!point.HasValue) errors.Add(batch.FieldPath(i, "value"), "is required.");
        if (point.TimeMicros > latest) errors.Add(batch.FieldPath(i, "timestamp"), $"is more than {options.MaxFutureSkew} in the future.");
        else if (point.TimeMicros < earliest) errors.Add(batch.FieldPath(i, "timestamp"), $"is before the earliest accepted timestamp, {options.EarliestTimestamp:O}.");
        if (point.UserId is { Length: var length } && length > options.MaxUserIdLength)
            errors.Add(batch.FieldPath(i, "userId"), $"is {length} characters long; at most {options.MaxUserIdLength} are allowed.");
    }
}
