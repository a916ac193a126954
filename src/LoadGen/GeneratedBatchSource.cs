namespace TSMetrics.LoadGen;

/// <summary>
/// Generated traffic: each request is one series (round robin), its points spread over the variants the
/// way users are assigned (a user always sees the same variant). Timestamps are the send time, or, for a
/// back-fill, consecutive slices of the span from <c>now - days</c> to a minute ago.
/// </summary>
public sealed class GeneratedBatchSource : IBatchSource
{
    private readonly TrafficModel _model;
    private readonly Random[] _random;
    private readonly long _totalPoints;
    private readonly double _backfillStart;
    private readonly double _backfillStep;
    private long _requests;
    private long _points;

    public GeneratedBatchSource(TrafficModel model, int workers, long maxPoints, bool backfill)
    {
        _model = model;
        _random = Enumerable.Range(0, workers).Select(w => new Random(model.Options.Seed * 7919 + w)).ToArray();
        _totalPoints = maxPoints > 0 ? maxPoints : backfill ? DefaultBackfillPoints(model) : long.MaxValue;
        if (!backfill) return;
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0;
        _backfillStart = now - model.Options.Days * 86_400;
        _backfillStep = (now - 60 - _backfillStart) / _totalPoints;
        IsBackfill = true;
    }

    public bool IsBackfill { get; }

    public long TotalPoints => _totalPoints;

    public LoadBatch? Next(int worker)
    {
        var size = _model.Options.BatchSize;
        var first = Interlocked.Add(ref _points, size) - size;
        if (first >= _totalPoints) return null;
        size = (int)Math.Min(size, _totalPoints - first);
        var request = Interlocked.Increment(ref _requests) - 1;
        var series = (int)(request % _model.SeriesCount);
        var metricIndex = series % _model.Metrics.Length;
        var (test, metric) = _model.Series(series);
        var random = _random[worker % _random.Length];
        var variants = _model.Variants.Length;
        // Compact requests carry one variant: rotate it per pass over the series.
        var compactVariant = (int)(request / _model.SeriesCount % variants);
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0;

        var points = new List<LoadPoint>(size);
        for (var i = 0; i < size; i++)
        {
            // A user always sees the same variant; compact [t, v] pairs carry no user and one variant.
            var u = -1;
            int variant;
            if (_model.Options.Compact) variant = compactVariant;
            else if (_model.Users.Length == 0) variant = random.Next(variants);
            else
            {
                u = random.Next(_model.Users.Length);
                variant = u % variants;
            }

            var time = IsBackfill ? Math.Round(_backfillStart + (first + i) * _backfillStep, 3) : now;
            points.Add(new LoadPoint(test, metric, _model.Variants[variant], _model.Draw(random, metricIndex, variant, u), time, u < 0 ? null : _model.Users[u]));
        }

        return new LoadBatch(points, singleSeries: true);
    }

    // One point per minute per variant of every series over the span: a plausible history.
    private static long DefaultBackfillPoints(TrafficModel model) =>
        (long)(model.SeriesCount * model.Variants.Length * model.Options.Days * 24 * 60);
}
