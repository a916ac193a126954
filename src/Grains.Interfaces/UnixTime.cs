namespace TSMetrics.Grains.Interfaces;

/// <summary>Conversions between <see cref="DateTime"/> (UTC) and Unix microseconds, the wire and storage unit.</summary>
public static class UnixTime
{
    /// <summary>Microseconds in one second.</summary>
    public const long MicrosPerSecond = 1_000_000;

    /// <summary>Converts a UTC time to microseconds since the Unix epoch.</summary>
    public static long ToMicros(DateTime utc) => (utc.ToUniversalTime().Ticks - DateTime.UnixEpoch.Ticks) / 10;

    /// <summary>Converts a time offset to microseconds since the Unix epoch.</summary>
    public static long ToMicros(DateTimeOffset time) => (time.UtcTicks - DateTime.UnixEpoch.Ticks) / 10;

    /// <summary>Converts microseconds since the Unix epoch to a UTC time.</summary>
    public static DateTime FromMicros(long micros) => new(DateTime.UnixEpoch.Ticks + micros * 10, DateTimeKind.Utc);

    /// <summary>Converts a span to whole microseconds.</summary>
    public static long ToMicros(TimeSpan span) => span.Ticks / 10;
}
