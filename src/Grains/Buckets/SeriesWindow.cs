using System.Runtime.InteropServices;
using TSMetrics.Grains.Interfaces;
using TSMetrics.Statistics.Sketches;
using TSMetrics.Statistics.Units;

namespace TSMetrics.Grains.Buckets;

/// <summary>
/// The in-memory window of one series: a <see cref="VariantWindow"/> per variant. Knows nothing of Orleans
/// or storage; the grain feeds it points and asks it for buckets and for what to flush.
/// </summary>
public sealed class SeriesWindow(SeriesWindowOptions options)
{
    private readonly List<VariantWindow> _variants = [];
    private long _unitFromMicros = long.MinValue;

    public IReadOnlyList<VariantWindow> Variants => _variants;

    /// <summary>Whether numbers are also counted per quantile bin, so that buckets answer percentiles.</summary>
    public bool KeepsQuantiles { get; set; }

    /// <summary>The string values seen, with the ids buckets count them by.</summary>
    public CategoryTable Categories { get; } = new(options.MaxCategoriesPerSeries);

    /// <summary>Points folded from now on count in the unit-level totals only from this time (the test's start); null for all.</summary>
    public long? UnitStartMicros
    {
        get => _unitFromMicros == long.MinValue ? null : _unitFromMicros;
        set => _unitFromMicros = value ?? long.MinValue;
    }

    /// <summary>Distinct units over all variants (a unit seen in two variants counts twice).</summary>
    public int UnitCount { get; private set; }

    /// <summary>Points of new units turned away from the unit-level totals at <see cref="SeriesWindowOptions.MaxUnitsPerSeries"/>.</summary>
    public long RefusedUnitPoints { get; private set; }

    /// <summary>
    /// Units seen in more than one variant (broken assignment): left out of every variant's unit-level sums,
    /// so neither the comparison nor the sample-ratio check counts them; their totals are still stored.
    /// </summary>
    public int CrossedUnits { get; private set; }

    public string[] VariantNames()
    {
        var names = new string[_variants.Count];
        for (var i = 0; i < names.Length; i++) names[i] = _variants[i].Name;
        return names;
    }

    /// <summary>The index of a variant, adding it on first sight.</summary>
    public int VariantIndex(string name)
    {
        for (var i = 0; i < _variants.Count; i++)
            if (string.Equals(_variants[i].Name, name, StringComparison.Ordinal)) return i;
        _variants.Add(new VariantWindow(name, options));
        return _variants.Count - 1;
    }

    /// <summary>Folds a stored batch: live and pending in every resolution.</summary>
    public void Fold(PointBatch batch, long nowMicros)
    {
        Span<int> map = batch.Variants.Length <= 16 ? stackalloc int[batch.Variants.Length] : new int[batch.Variants.Length];
        for (var i = 0; i < map.Length; i++) map[i] = VariantIndex(batch.Variants[i]);
        foreach (ref readonly var point in batch.Points.AsSpan())
        {
            var variant = _variants[map[point.VariantIndex]];
            // Hashed once: the buckets' distinct users and the unit totals share it.
            var unitHash = point.UserId is null ? 0 : UnitIdHash.Of(point.UserId);
            if (point.Category is { } category)
            {
                // String values are counted per category; the unit-level analysis is over numbers.
                var categoryInput = BucketInput.Category(Categories.IdOf(category));
                variant.Add(point.UnixMicros, point.UserId is null ? categoryInput : categoryInput.WithUnit(unitHash), nowMicros);
                continue;
            }

            // A summary (histogram contribution) folds as one merge; its bins count where the series keeps percentiles.
            var input = point.Summary is { } summary ? BucketInput.Summary(point.Value, summary, KeepsQuantiles)
                : KeepsQuantiles ? BucketInput.NumberWithBin(point.Value, QuantileBins.KeyOf(point.Value)) : BucketInput.Number(point.Value);
            variant.Add(point.UnixMicros, point.UserId is null ? input : input.WithUnit(unitHash), nowMicros);
            // Buckets count every user; the unit-level totals only from the test's start.
            if (point.UserId is not null && point.UnixMicros >= _unitFromMicros) AddUnitPoint(variant, unitHash, point.Value, point.Summary);
        }
    }

    /// <summary>
    /// Folds a stored batch into the unit totals only: journal writes the rollups already hold but the stored
    /// unit totals do not (a crash between a rollup flush and the next unit flush).
    /// </summary>
    public void FoldUnits(PointBatch batch)
    {
        foreach (ref readonly var point in batch.Points.AsSpan())
        {
            if (point.UserId is null || point.Category is not null || point.UnixMicros < _unitFromMicros) continue;
            AddUnitPoint(_variants[VariantIndex(batch.Variants[point.VariantIndex])], UnitIdHash.Of(point.UserId), point.Value, point.Summary);
        }
    }

    /// <summary>
    /// Adds one point to a unit's totals (a summary adds its count to the points and its sum to the sum, so the
    /// per-user mean stays sum / points), or counts it as refused when a new unit would pass the limit.
    /// </summary>
    private void AddUnitPoint(VariantWindow variant, ulong unitHash, double value, PointSummary? summary)
    {
        var points = summary?.Count ?? 1;
        if (variant.Units[unitHash].Points == 0)
        {
            if (UnitCount >= options.MaxUnitsPerSeries)
            {
                RefusedUnitPoints += points;
                return;
            }

            UnitCount++;
            ExcludeIfCrossed(variant, unitHash);
        }

        if (summary is null) variant.Units.Add(unitHash, value);
        else variant.Units.AddTotals(unitHash, points, value);
        ref var pending = ref CollectionsMarshal.GetValueRefOrAddDefault(variant.PendingUnits, unitHash, out _);
        pending.Sum += value;
        pending.Points += points;
    }

    // A unit new to this variant that another variant has: from now on it counts in neither (only the
    // first crossing is counted; a third variant adds nothing).
    private void ExcludeIfCrossed(VariantWindow variant, ulong unitHash)
    {
        var crossed = false;
        foreach (var other in _variants)
        {
            if (ReferenceEquals(other, variant) || other.Units[unitHash].Points == 0) continue;
            crossed = true;
            if (other.Units.Exclude(unitHash)) CrossedUnits++;
        }

        if (crossed) variant.Units.Exclude(unitHash);
    }

    /// <summary>Per variant that has users, its sums over them.</summary>
    public VariantUnits[] UnitTotals()
    {
        var result = new List<VariantUnits>(_variants.Count);
        foreach (var variant in _variants)
            if (variant.Units.UnitCount > 0) result.Add(VariantUnits.From(variant.Name, variant.Units.Sums));
        return result.ToArray();
    }

    /// <summary>Loads a unit's totals that storage already holds (not pending).</summary>
    public void LoadUnit(string variant, ulong unitHash, long points, double sum)
    {
        var window = _variants[VariantIndex(variant)];
        if (window.Units[unitHash].Points == 0)
        {
            UnitCount++;
            ExcludeIfCrossed(window, unitHash);
        }

        window.Units.AddTotals(unitHash, points, sum);
    }

    /// <summary>
    /// Replaces every variant's unit totals with rebuilt ones (in storage already), then adds the pending
    /// units on top: what was folded since the flush the rebuild started from. Crossed units are found
    /// again as <see cref="LoadUnit"/> finds them.
    /// </summary>
    public void ReplaceUnits(IEnumerable<(string Variant, ulong UnitHash, long Points, double Sum)> rebuilt, long refusedPoints)
    {
        UnitCount = 0;
        CrossedUnits = 0;
        RefusedUnitPoints = refusedPoints;
        foreach (var variant in _variants) variant.ResetUnits();
        foreach (var (variant, hash, points, sum) in rebuilt) LoadUnit(variant, hash, points, sum);
        foreach (var variant in _variants)
            foreach (var (hash, totals) in variant.PendingUnits) LoadUnit(variant.Name, hash, totals.Points, totals.Sum);
    }

    /// <summary>Loads a bucket that storage already holds.</summary>
    public void LoadFlushed(Resolution resolution, string variant, long bucketIndex, in SummaryStats stats) =>
        _variants[VariantIndex(variant)].Ring(resolution).LoadFlushed(bucketIndex, stats);

    /// <summary>Loads a bucket that storage already holds, with its bins and categories (by name).</summary>
    public void LoadFlushed(Resolution resolution, string variant, long bucketIndex, in SummaryStats stats,
        KeyedCounts? bins, IEnumerable<(string Name, long Count)>? categories)
    {
        BucketParts? parts = null;
        if (bins is not null) (parts = new BucketParts()).Bins = bins;
        if (categories is not null)
        {
            parts ??= new BucketParts();
            parts.Categories = new KeyedCounts();
            foreach (var (name, count) in categories) parts.Categories.Add(Categories.IdOf(name), count);
        }

        _variants[VariantIndex(variant)].Ring(resolution).LoadFlushed(bucketIndex, stats, parts);
    }

    /// <summary>
    /// Takes everything not yet flushed, with the catalog facts that go with it; the pending unit totals only
    /// when <paramref name="units"/> is given (they stay pending otherwise).
    /// </summary>
    public void CollectPending(List<RollupRow> rows, List<VariantSeen> seen, List<UnitRow>? units)
    {
        for (var v = 0; v < _variants.Count; v++)
        {
            var variant = _variants[v];
            if (units is not null)
            {
                foreach (var (hash, totals) in variant.PendingUnits) units.Add(new UnitRow(v, hash, totals));
                variant.PendingUnits.Clear();
            }

            foreach (var resolution in RollupTierTable.Resolutions) variant.Ring(resolution).CollectPending(v, rows);
            if (variant.SeenFromMicros == long.MaxValue) continue;
            seen.Add(new VariantSeen(v, variant.SeenFromMicros, variant.SeenToMicros));
            variant.ResetSeen();
        }
    }

    /// <summary>
    /// The whole parts the changed units fall in, as memory holds them now: what a unit flush stores in place
    /// of those parts (their other units unchanged, so rewriting them is exact).
    /// </summary>
    public List<UnitPart> UnitParts(IReadOnlyList<UnitRow> changed)
    {
        var units = new List<(int, ulong, long, double)>();
        var dirty = new bool[UnitPart.Count];
        for (var v = 0; v < _variants.Count; v++)
        {
            var any = false;
            Array.Clear(dirty);
            foreach (var row in changed)
                if (row.VariantIndex == v) any = dirty[UnitPart.Of(row.UnitHash)] = true;
            if (!any) continue;
            foreach (var (hash, totals) in _variants[v].Units)
                if (dirty[UnitPart.Of(hash)]) units.Add((v, hash, totals.Points, totals.Sum));
        }

        return UnitPart.Split(units);
    }

    /// <summary>Puts back what a failed flush took.</summary>
    public void RestorePending(IReadOnlyList<RollupRow> rows, IReadOnlyList<VariantSeen> seen, IReadOnlyList<UnitRow> units)
    {
        foreach (var unit in units)
        {
            ref var pending = ref CollectionsMarshal.GetValueRefOrAddDefault(_variants[unit.VariantIndex].PendingUnits, unit.UnitHash, out _);
            pending.Sum += unit.Totals.Sum;
            pending.Points += unit.Totals.Points;
        }

        foreach (var row in rows) _variants[row.VariantIndex].Ring(row.Resolution).RestorePending(row.BucketIndex, row.Stats, row.Parts);
        foreach (var s in seen) _variants[s.VariantIndex].RestoreSeen(s.FromMicros, s.ToMicros);
    }

    /// <summary>
    /// Buckets of <paramref name="request"/> from memory. Picks the ring that divides the granularity and
    /// reaches back furthest; the answer starts at a granularity boundary so that no output bucket is
    /// split between memory and storage. With users when asked: those storage does not have yet, the pending
    /// buckets' and those of <paramref name="flushing"/>, the rows of a flush in flight (taken from pending,
    /// not committed yet).
    /// </summary>
    public (long CoveredFromMicros, VariantSeries[] Variants) Query(LiveSeriesRequest request, long nowMicros, IReadOnlyList<RollupRow>? flushing = null)
    {
        var granularity = request.GranularityMicros;
        BucketRing? best = null;
        long coveredFrom = long.MaxValue;
        foreach (var resolution in RollupTierTable.Resolutions)
        {
            if (granularity % resolution.Micros() != 0 || _variants.Count == 0) continue;
            var ring = _variants[0].Ring(resolution);
            var ringFrom = CeilingTo(ring.CoveredFromMicros(nowMicros), granularity);
            if (ringFrom >= coveredFrom) continue;
            best = ring;
            coveredFrom = ringFrom;
        }

        if (best is null) return (CeilingTo(nowMicros, granularity), []);
        var from = Math.Max(CeilingTo(request.FromMicros, granularity), coveredFrom);
        // Beyond its future room a ring holds nothing (such points wait in storage), so stop there.
        var to = Math.Min(request.ToMicros, best.CoveredToMicros(nowMicros));
        var result = new List<VariantSeries>(_variants.Count);
        for (var v = 0; v < _variants.Count; v++)
        {
            var variant = _variants[v];
            if (request.Variant is not null && !string.Equals(variant.Name, request.Variant, StringComparison.Ordinal)) continue;
            var ring = variant.Ring(best.Resolution);
            var series = new VariantSeries(variant.Name, ReadBuckets(ring, from, to, granularity, request.Quantiles));
            if (request.WithUsers)
            {
                var users = new UnflushedUserSketches(from, to, ring.WidthMicros, granularity);
                ring.AddPendingUsersTo(users);
                users.AddFlushing(flushing, best.Resolution, v);
                series = series with { UnflushedUsers = users.ToArray() };
            }

            result.Add(series);
        }

        return (coveredFrom, result.ToArray());
    }

    /// <summary>
    /// Per-variant totals over exactly [coveredFrom, coveredTo): the latest part of [from, to), widened to
    /// whole seconds, that the rings cover with whole aligned buckets (<see cref="AlignedCover"/>). The
    /// caller adds what storage holds for the rest; nothing outside that window is ever counted.
    /// </summary>
    public (long CoveredFromMicros, long CoveredToMicros, VariantTotals[] Variants) Totals(long fromMicros, long toMicros, long nowMicros)
    {
        if (_variants.Count == 0) return (toMicros, toMicros, []);
        Span<CoverTier> tiers = stackalloc CoverTier[RollupTierTable.Resolutions.Length];
        var rings = _variants[0];
        // Widest first; every variant's rings have the same shape.
        for (var i = 0; i < tiers.Length; i++)
        {
            var ring = rings.Ring(RollupTierTable.Resolutions[^(i + 1)]);
            tiers[i] = new CoverTier(ring.WidthMicros, ring.CoveredFromMicros(nowMicros), ring.CoveredToMicros(nowMicros));
        }

        // Buckets are whole seconds at the finest: a window's edges are widened to them.
        fromMicros = AlignedCover.FloorTo(fromMicros, tiers[^1].WidthMicros);
        toMicros = AlignedCover.CeilingTo(toMicros, tiers[^1].WidthMicros);
        var coveredTo = Math.Min(toMicros, tiers[^1].ToMicros);
        var runs = new List<CoverRun>();
        var coveredFrom = AlignedCover.CoverFrom(fromMicros, coveredTo, tiers, runs);
        if (runs.Count == 0) return (toMicros, toMicros, []);

        var result = new VariantTotals[_variants.Count];
        for (var v = 0; v < _variants.Count; v++)
        {
            var total = new MergedBucket();
            foreach (var run in runs)
            {
                var ring = _variants[v].Ring(RollupTierTable.Resolutions[^(run.Tier + 1)]);
                for (var index = run.FromMicros / ring.WidthMicros; index < run.ToMicros / ring.WidthMicros; index++) total.Add(ring, index);
            }

            result[v] = new VariantTotals(_variants[v].Name, total.Stats, total.Parts.Bins, CategoryCounts(total.Parts));
        }

        return (coveredFrom, coveredTo, result);
    }

    private SeriesBucket[] ReadBuckets(BucketRing ring, long from, long to, long granularity, double[]? quantiles)
    {
        var buckets = new List<SeriesBucket>();
        var perOutput = granularity / ring.WidthMicros;
        for (var start = from; start < to; start += granularity)
        {
            var merged = new MergedBucket();
            var first = start / ring.WidthMicros;
            for (var index = first; index < first + perOutput; index++) merged.Add(ring, index);
            if (merged.IsEmpty) continue;
            var stats = merged.Stats;
            var levels = quantiles is { Length: > 0 } && merged.Parts.Bins is { IsEmpty: false } bins ? QuantileBins.Quantiles(bins, stats.Min, stats.Max, quantiles) : null;
            buckets.Add(new SeriesBucket(start, stats, levels, CategoryCounts(merged.Parts)));
        }

        return buckets.ToArray();
    }

    private CategoryCount[]? CategoryCounts(BucketParts parts) =>
        parts.Categories is { IsEmpty: false } categories ? Categories.ToCounts(categories) : null;

    private static long CeilingTo(long micros, long step) => (micros + step - 1) / step * step;
}
