namespace TSMetrics.Statistics.Units;

/// <summary>One unit's running totals for one metric: the state the caller keeps per unit id.</summary>
/// <remarks>Σx² and Σxy over units cannot be updated from a point alone: the unit's previous totals are needed.</remarks>
public struct UnitTotals
{
    /// <summary>Sum of the unit's values (x).</summary>
    public double Sum;

    /// <summary>Number of the unit's points (y).</summary>
    public long Points;
}
