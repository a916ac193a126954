namespace TSMetrics.Grains;

/// <summary>
/// Whether a test's start may be set (or cleared): unit totals are rebuilt from the journal's raw points,
/// which are dropped <see cref="Storage.StorageOptions.RawRetention"/> after they arrive, and a point arrives
/// at most the clock skew before its timestamp. So every point at or after the start is still there when
/// the start is no older than the retention less the skew.
/// </summary>
internal sealed class TestStartRule(TimeSpan rawRetention, TimeSpan clockSkew)
{
    /// <summary>Null when allowed, else why not (for the field <c>start</c>).</summary>
    /// <param name="start">The new start, or null for the test's first point.</param>
    /// <param name="firstSeen">The test's first point, or null when it has none stored.</param>
    /// <param name="now">The time now (UTC).</param>
    public string? Check(DateTime? start, DateTime? firstSeen, DateTime now)
    {
        var earliest = now - rawRetention + clockSkew;
        if ((start ?? firstSeen) is not { } from || from >= earliest) return null;
        return start is null
            ? $"cannot be cleared: the test's first points ({firstSeen:O}) are older than the raw points kept (TSMetrics:Storage:RawRetention, {rawRetention}), and unit totals are rebuilt from raw points. Set a start of {earliest:O} or later instead."
            : $"must be {earliest:O} or later: unit totals are rebuilt from raw points, which are kept for TSMetrics:Storage:RawRetention ({rawRetention}).";
    }
}
