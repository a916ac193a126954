namespace TSMetrics.Grains;

/// <summary>
/// The active series of this process, for the observable instruments of <see cref="GrainsTelemetry"/>.
/// Series join on activation and leave on deactivation (a lock there, never on the ingest path); the
/// instruments read them when a metric reader collects.
/// </summary>
internal static class SeriesGauges
{
    private static readonly HashSet<SeriesTelemetry> Active = [];
    private static readonly Lock Gate = new();

    public static void Add(SeriesTelemetry series)
    {
        lock (Gate) Active.Add(series);
    }

    public static void Remove(SeriesTelemetry series)
    {
        lock (Gate) Active.Remove(series);
    }

    public static long Count()
    {
        lock (Gate) return Active.Count;
    }

    /// <summary>The active series' figures summed: units held and estimated bytes.</summary>
    public static (long Units, long MemoryBytes) Totals()
    {
        long units = 0, bytes = 0;
        lock (Gate)
        {
            foreach (var series in Active)
            {
                units += series.Units;
                bytes += series.MemoryBytes;
            }
        }

        return (units, bytes);
    }

    /// <summary>The oldest stored-but-unflushed point's age over every active series, in seconds (0: none).</summary>
    public static double FlushLagSeconds()
    {
        var lag = 0.0;
        lock (Gate)
        {
            foreach (var series in Active)
            {
                var age = series.LagSeconds(out var any);
                if (any && age > lag) lag = age;
            }
        }

        return lag;
    }
}
