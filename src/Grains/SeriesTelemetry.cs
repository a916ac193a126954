namespace TSMetrics.Grains;

/// <summary>
/// What one active series grain reports to the silo's instruments (<see cref="SeriesGauges"/>): when its
/// oldest stored-but-unflushed point was stored, and its units and estimated memory as of its last flush
/// tick. The grain writes it on its own scheduler; the meter's callback reads it from another thread, so
/// every field is a single word read with <see cref="Volatile"/>.
/// </summary>
internal sealed class SeriesTelemetry
{
    private readonly TimeProvider _time;
    private long _oldestUnflushed;   // TimeProvider timestamp; 0: nothing waits for a flush.
    private long _storedDuringFlush; // the first store after the running flush collected its rows; 0: none.
    private bool _flushing;
    private long _units;
    private long _memoryBytes;

    private SeriesTelemetry(TimeProvider time) => _time = time;

    /// <summary>A new series' report, counted until <see cref="Unregister"/>.</summary>
    public static SeriesTelemetry Register(TimeProvider time)
    {
        var telemetry = new SeriesTelemetry(time);
        SeriesGauges.Add(telemetry);
        return telemetry;
    }

    public void Unregister() => SeriesGauges.Remove(this);

    public long Units => Volatile.Read(ref _units);

    public long MemoryBytes => Volatile.Read(ref _memoryBytes);

    /// <summary>Seconds since the oldest point not yet in the rollups was stored; 0 when there is none.</summary>
    public double LagSeconds(out bool any)
    {
        var since = Volatile.Read(ref _oldestUnflushed);
        any = since != 0;
        return any ? _time.GetElapsedTime(since).TotalSeconds : 0;
    }

    /// <summary>Points were stored (journaled and folded into memory): they wait for the next flush.</summary>
    public void Stored()
    {
        if (_oldestUnflushed == 0) Volatile.Write(ref _oldestUnflushed, _time.GetTimestamp());
        if (_flushing && _storedDuringFlush == 0) _storedDuringFlush = _time.GetTimestamp();
    }

    /// <summary>A flush collects its rows now; returns its start, for <see cref="EndFlush"/>.</summary>
    public long BeginFlush()
    {
        _flushing = true;
        _storedDuringFlush = 0;
        return _time.GetTimestamp();
    }

    /// <summary>
    /// The flush ended: on success what it collected is in the rollups (only points stored meanwhile still
    /// wait), its duration is recorded when it wrote, and units and memory are sampled.
    /// </summary>
    public void EndFlush(long started, bool succeeded, bool wrote, long units, long memoryBytes)
    {
        _flushing = false;
        if (!succeeded) return;
        Volatile.Write(ref _oldestUnflushed, _storedDuringFlush);
        if (wrote) GrainsTelemetry.FlushDuration.Record(_time.GetElapsedTime(started).TotalSeconds);
        Volatile.Write(ref _units, units);
        Volatile.Write(ref _memoryBytes, memoryBytes);
    }
}
