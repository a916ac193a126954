namespace TSMetrics.Statistics.Units;

/// <summary>
/// Sufficient statistics over the units (users) of one variant for one metric, where x is a unit's sum of
/// values and y its number of points: n, converted units, Σx, Σx², Σy, Σy², Σxy. Every unit-level kind
/// (<see cref="UnitMetricKind"/>) reads from the same sums, kept up to date point by point with
/// <see cref="Add"/> and merged with <see cref="Merge"/>.
/// </summary>
/// <remarks>
/// <see cref="Merge"/> is exact for disjoint sets of units (partitions by unit id). The same unit in two
/// groups (say two time buckets) must have its totals combined first, as <see cref="UnitAccumulator"/> does:
/// x² does not add up.
/// Raw power sums, as gbstats takes them, lose precision when a unit total dwarfs the spread (≈1e8 × sd).
/// </remarks>
public struct UnitSums : IEquatable<UnitSums>
{
    /// <summary>Units seen (n).</summary>
    public long Units;

    /// <summary>Units whose total is positive.</summary>
    public long Converted;

    /// <summary>Σx over units.</summary>
    public double SumX;

    /// <summary>Σx² over units.</summary>
    public double SumXSquared;

    /// <summary>Σy over units (total points).</summary>
    public double SumY;

    /// <summary>Σy² over units.</summary>
    public double SumYSquared;

    /// <summary>Σxy over units.</summary>
    public double SumXY;

    /// <summary>
    /// Adds one point of a unit: updates the unit's running totals in place and the sums by the change in
    /// that unit's contribution. No allocation.
    /// </summary>
    public void Add(ref UnitTotals unit, double value)
    {
        double oldX = unit.Sum;
        long oldY = unit.Points;
        unit.Sum += value;
        unit.Points++;
        Replace(oldX, oldY, unit.Sum, unit.Points);
    }

    /// <summary>Replaces one unit's contribution (x, y) by (newX, newY); a unit with y = 0 is not counted.</summary>
    public void Replace(double oldX, long oldY, double newX, long newY)
    {
        Units += (newY > 0 ? 1 : 0) - (oldY > 0 ? 1 : 0);
        Converted += (newY > 0 && newX > 0 ? 1 : 0) - (oldY > 0 && oldX > 0 ? 1 : 0);
        SumX += newX - oldX;
        SumXSquared += (newX - oldX) * (newX + oldX);
        SumY += newY - oldY;
        SumYSquared += (double)(newY - oldY) * (newY + oldY);
        SumXY += newX * newY - oldX * oldY;
    }

    /// <summary>Adds a whole unit with total x over y points (y ≥ 1).</summary>
    public void AddUnit(double x, long y)
    {
        Units++;
        if (x > 0) Converted++;
        SumX += x;
        SumXSquared += x * x;
        SumY += y;
        SumYSquared += (double)y * y;
        SumXY += x * y;
    }

    /// <summary>Adds the sums of another, disjoint, group of units.</summary>
    public void Merge(in UnitSums other)
    {
        Units += other.Units;
        Converted += other.Converted;
        SumX += other.SumX;
        SumXSquared += other.SumXSquared;
        SumY += other.SumY;
        SumYSquared += other.SumYSquared;
        SumXY += other.SumXY;
    }

    /// <summary>The arm estimate of a kind: n units, the statistic, its per-unit variance (gbstats' statistic classes).</summary>
    public readonly ArmEstimate Estimate(UnitMetricKind kind)
    {
        if (Units == 0) return new ArmEstimate(0, 0, 0);
        double n = Units;
        return kind switch
        {
            UnitMetricKind.Proportion => new ArmEstimate(Units, Converted / n, Converted / n * (1 - Converted / n)),
            UnitMetricKind.Sum => new ArmEstimate(Units, SumX / n, DeltaMethod.Variance(Units, SumX, SumXSquared)),
            UnitMetricKind.Count => new ArmEstimate(Units, SumY / n, DeltaMethod.Variance(Units, SumY, SumYSquared)),
            _ => Ratio(),
        };
    }

    private readonly ArmEstimate Ratio()
    {
        if (SumY == 0) return new ArmEstimate(Units, 0, 0);
        double n = Units;
        var variance = Units <= 1 ? 0 : DeltaMethod.VarianceOfRatios(
            SumX / n, DeltaMethod.Variance(Units, SumX, SumXSquared),
            SumY / n, DeltaMethod.Variance(Units, SumY, SumYSquared),
            DeltaMethod.Covariance(Units, SumX, SumY, SumXY));
        return new ArmEstimate(Units, SumX / SumY, variance);
    }

    public readonly bool Equals(UnitSums other) =>
        Units == other.Units && Converted == other.Converted && SumX == other.SumX && SumXSquared == other.SumXSquared
        && SumY == other.SumY && SumYSquared == other.SumYSquared && SumXY == other.SumXY;

    public override readonly bool Equals(object? obj) => obj is UnitSums other && Equals(other);

    public override readonly int GetHashCode() => HashCode.Combine(Units, Converted, SumX, SumXSquared, SumY, SumYSquared, SumXY);
}
