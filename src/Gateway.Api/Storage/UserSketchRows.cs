using Npgsql;
using TSMetrics.Grains.Interfaces;
using TSMetrics.Statistics.Sketches;

namespace TSMetrics.Gateway.Api.Storage;

/// <summary>
/// Folds one row of a users read into a sketch: either a rollup's stored sketch (bytes) or a user id of the
/// unflushed journal, hashed as the grains hash it (<see cref="UnitIdHash"/>), so both count a user once.
/// </summary>
internal static class UserSketchRows
{
    /// <summary>Reads the sketch bytes at <paramref name="ordinal"/>, or the user id after them when they are null.</summary>
    public static void Fold(ref DistinctCountSketch? sketch, NpgsqlDataReader reader, int ordinal)
    {
        sketch ??= BucketUsers.NewSketch();
        if (reader.IsDBNull(ordinal)) sketch.Add(UnitIdHash.Of(reader.GetString(ordinal + 1)));
        else sketch.Merge(DistinctCountSketch.FromBytes(reader.GetFieldValue<byte[]>(ordinal)));
    }
}
