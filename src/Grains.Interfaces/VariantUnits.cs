using TSMetrics.Statistics.Units;

namespace TSMetrics.Grains.Interfaces;

/// <summary>
/// One variant's sums over its units (users) since the test started, as <see cref="UnitSums"/> holds them:
/// x a unit's total value, y its points.
/// </summary>
[GenerateSerializer, Immutable, Alias("TSMetrics.VariantUnits")]
public sealed record VariantUnits(
    string Variant, long Units, long Converted, double SumX, double SumXSquared, double SumY, double SumYSquared, double SumXY)
{
    /// <summary>The variant's sums as carried.</summary>
    public static VariantUnits From(string variant, in UnitSums sums) =>
        new(variant, sums.Units, sums.Converted, sums.SumX, sums.SumXSquared, sums.SumY, sums.SumYSquared, sums.SumXY);

    /// <summary>The sums back, for the statistics.</summary>
    public UnitSums ToSums() => new()
    {
        Units = Units, Converted = Converted, SumX = SumX, SumXSquared = SumXSquared, SumY = SumY, SumYSquared = SumYSquared, SumXY = SumXY,
    };
}
