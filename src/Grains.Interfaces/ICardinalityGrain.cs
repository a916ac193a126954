namespace TSMetrics.Grains.Interfaces;

/// <summary>
/// The cluster's one count of series (key 0). Gateways ask it only about series they have not seen
/// admitted, so it is off the path of every point of a known series.
/// </summary>
public interface ICardinalityGrain : IGrainWithIntegerKey
{
    /// <summary>Admits all of <paramref name="series"/> or none: the first one over a limit refuses the lot.</summary>
    Task<SeriesAdmission> AdmitAsync(SeriesName[] series);
}
