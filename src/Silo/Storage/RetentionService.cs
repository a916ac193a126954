using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using TSMetrics.Grains.Interfaces;
using TSMetrics.Grains.Storage;

namespace TSMetrics.Silo.Storage;

/// <summary>
/// Drops raw-point chunks and each rollup tier's chunks older than that tier's retention (the tier table's
/// defaults: seconds after 7 days, minutes after 35 days, hours and days kept) with drop_chunks, which works
/// on every TimescaleDB edition (retention policies need the community license); on plain PostgreSQL it
/// deletes the rows instead. The 1-second rows of <see cref="KeptSecondSeries"/> are kept
/// (<see cref="SecondTierRetention"/>). Idempotent, so every silo may run it.
/// </summary>
public sealed partial class RetentionService(
    NpgsqlDataSource dataSource,
    IOptions<StorageOptions> options,
    IOptions<RollupRetentionOptions> tiers,
    TimeProvider time,
    ILogger<RetentionService> logger) : BackgroundService
{
    // A journal chunk is dropped only once every row in it is in the rollups and the unit totals: should a
    // series still be behind (its catch-up failing for days), retention waits for it rather than lose its points.
    private const string SelectJournalCutoff = """
        SELECT least($1::timestamptz, (
            SELECT min(b.written) FROM tsm.point_batches b LEFT JOIN tsm.series_watermarks w USING (test, metric)
            WHERE b.written < $1 AND b.seq > least(coalesce(w.flushed_seq, 0), coalesce(w.units_seq, 0))))
        """;

    private const string HasTimescale = "SELECT EXISTS (SELECT FROM pg_extension WHERE extname = 'timescaledb')";

    private const string DropChunks = "SELECT count(*) FROM drop_chunks($1::regclass, older_than => $2::timestamptz)";

    // Plain PostgreSQL (no TimescaleDB): rows instead of chunks. {0} is a table, {1} its time column, both from code.
    private const string DeleteRows = "WITH d AS (DELETE FROM {0} WHERE {1} < $1 RETURNING 1) SELECT count(*) FROM d";

    private bool? _timescale;

    /// <summary>Drops what is past retention now; returns the number of chunks dropped (rows deleted without TimescaleDB).</summary>
    public async Task<long> RunOnceAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        DateTime journalCutoff;
        await using (var select = dataSource.CreateCommand(SelectJournalCutoff))
        {
            select.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = now - options.Value.RawRetention });
            journalCutoff = (DateTime)(await select.ExecuteScalarAsync(cancellationToken))!;
        }

        if (_timescale is null)
        {
            await using var probe = dataSource.CreateCommand(HasTimescale);
            _timescale = (bool)(await probe.ExecuteScalarAsync(cancellationToken))!;
        }

        var dropped = await DropAsync("tsm.point_batches", "written", journalCutoff, cancellationToken);
        foreach (var tier in RollupTierTable.All)
            if (tiers.Value.For(tier.Resolution) is { } retention)
                dropped += tier.Resolution == Resolution.Second
                    ? await SecondTierRetention.DropAsync(dataSource, _timescale == true, now - retention, cancellationToken)
                    : await DropAsync(tier.Table, "bucket", now - retention, cancellationToken);
        return dropped;
    }

    private async Task<long> DropAsync(string table, string timeColumn, DateTime olderThan, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(_timescale == true ? DropChunks : string.Format(DeleteRows, table, timeColumn));
        if (_timescale == true) command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = table });
        command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = olderThan });
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.RetentionInterval, time);
        do
        {
            try
            {
                var dropped = await RunOnceAsync(stoppingToken);
                if (dropped > 0) LogDropped(logger, dropped);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                LogFailed(logger, exception);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention dropped {ChunkCount} chunks")]
    private static partial void LogDropped(ILogger logger, long chunkCount);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Retention run failed; retried on the next interval")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
