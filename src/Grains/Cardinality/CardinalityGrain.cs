using Microsoft.Extensions.Options;
using TSMetrics.Grains.Interfaces;

namespace TSMetrics.Grains.Cardinality;

/// <summary>
/// Counts series against <see cref="CardinalityOptions"/>. Activation loads every stored series; after
/// that the count lives in memory, so admitting costs no database round trip.
/// </summary>
public sealed class CardinalityGrain(SeriesCatalogLoader loader, IOptions<CardinalityOptions> options, TimeProvider time) : Grain, ICardinalityGrain
{
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);
    private readonly HashSet<SeriesName> _known = [];
    private readonly Dictionary<string, int> _perTest = new(StringComparer.Ordinal);
    private readonly Queue<DateTimeOffset> _recent = new();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var since = time.GetUtcNow() - Hour;
        var stored = await loader.LoadAsync(cancellationToken);
        stored.Sort((a, b) => a.FirstSeen.CompareTo(b.FirstSeen));
        foreach (var (series, firstSeen) in stored)
        {
            Add(series);
            if (firstSeen >= since) _recent.Enqueue(firstSeen);
        }
    }

    public Task<SeriesAdmission> AdmitAsync(SeriesName[] series)
    {
        var limits = options.Value;
        var now = time.GetUtcNow();
        while (_recent.TryPeek(out var oldest) && oldest <= now - Hour) _recent.Dequeue();

        var fresh = new HashSet<SeriesName>();
        var freshPerTest = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var name in series)
        {
            if (_known.Contains(name) || !fresh.Add(name)) continue;
            if (_known.Count + fresh.Count > limits.MaxSeries)
                return Refuse(name, CardinalityLimit.TotalSeries, limits.MaxSeries);
            if (_recent.Count + fresh.Count > limits.MaxNewSeriesPerHour)
                return Refuse(name, CardinalityLimit.NewSeriesPerHour, limits.MaxNewSeriesPerHour, _recent.Peek() + Hour - now);
            if (name.Test.Length > 0)
            {
                var inTest = freshPerTest.GetValueOrDefault(name.Test) + 1;
                freshPerTest[name.Test] = inTest;
                if (_perTest.GetValueOrDefault(name.Test) + inTest > limits.MaxSeriesPerTest)
                    return Refuse(name, CardinalityLimit.SeriesPerTest, limits.MaxSeriesPerTest);
            }
        }

        foreach (var name in fresh)
        {
            Add(name);
            _recent.Enqueue(now);
        }

        return Task.FromResult(SeriesAdmission.Yes);
    }

    private void Add(SeriesName series)
    {
        if (!_known.Add(series) || series.Test.Length == 0) return;
        _perTest[series.Test] = _perTest.GetValueOrDefault(series.Test) + 1;
    }

    private static Task<SeriesAdmission> Refuse(SeriesName series, CardinalityLimit limit, int value, TimeSpan retryAfter = default) =>
        Task.FromResult(new SeriesAdmission(false, series, limit, value, retryAfter));
}
