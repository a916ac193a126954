using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;
using TSMetrics.Grains.Interfaces;

namespace TSMetrics.Grains.Storage;

/// <summary>
/// Makes points durable before they are acknowledged: writes grain batches to tsm.point_batches with
/// binary COPY, many grains per round trip. One row holds the points of one (series, variant, hour) of one
/// grain write as arrays, so the database cost follows batches, not points.
/// </summary>
public sealed class PointJournal : IAsyncDisposable
{
    private const string CopyCommand = """
        COPY tsm.point_batches (test, metric, variant, seq, hour, first_time, last_time, point_count, times, vals, user_ids, tags, batch_id)
        FROM STDIN (FORMAT BINARY)
        """;

    private const long MicrosPerHour = 3_600_000_000L;

    private readonly NpgsqlDataSource _dataSource;
    private readonly GroupCommitQueue<JournalEntry> _queue;

    public PointJournal(NpgsqlDataSource dataSource, IOptions<StorageOptions> options)
    {
        _dataSource = dataSource;
        var settings = options.Value;
        _queue = new GroupCommitQueue<JournalEntry>(WriteAsync, RefusedData.Is, settings.JournalWriters, settings.MaxWritesPerCommit, settings.QueueCapacity);
    }

    /// <summary>Completes when the entry is committed.</summary>
    public Task AppendAsync(JournalEntry entry, CancellationToken cancellationToken = default) =>
        _queue.CommitAsync(entry, cancellationToken);

    public ValueTask DisposeAsync() => _queue.DisposeAsync();

    private async Task WriteAsync(IReadOnlyList<JournalEntry> entries, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var importer = await connection.BeginBinaryImportAsync(CopyCommand, cancellationToken);
        foreach (var entry in entries)
            foreach (var batch in entry.Batches)
                await WriteBatchAsync(importer, entry, batch, cancellationToken);
        await importer.CompleteAsync(cancellationToken);
    }

    private static async Task WriteBatchAsync(NpgsqlBinaryImporter importer, JournalEntry entry, PointBatch batch, CancellationToken cancellationToken)
    {
        foreach (var group in JournalRowGroup.Split(batch, MicrosPerHour))
        {
            await importer.StartRowAsync(cancellationToken);
            await importer.WriteAsync(entry.Key.Test, NpgsqlDbType.Text, cancellationToken);
            await importer.WriteAsync(entry.Key.Metric, NpgsqlDbType.Text, cancellationToken);
            await importer.WriteAsync(batch.Variants[group.VariantIndex], NpgsqlDbType.Text, cancellationToken);
            await importer.WriteAsync(entry.Seq, NpgsqlDbType.Bigint, cancellationToken);
            await importer.WriteAsync(UnixTime.FromMicros(group.Hour * MicrosPerHour), NpgsqlDbType.TimestampTz, cancellationToken);
            await importer.WriteAsync(UnixTime.FromMicros(group.FirstMicros), NpgsqlDbType.TimestampTz, cancellationToken);
            await importer.WriteAsync(UnixTime.FromMicros(group.LastMicros), NpgsqlDbType.TimestampTz, cancellationToken);
            await importer.WriteAsync(group.Times.Length, NpgsqlDbType.Integer, cancellationToken);
            await importer.WriteAsync(group.Times, NpgsqlDbType.Array | NpgsqlDbType.TimestampTz, cancellationToken);
            await importer.WriteAsync(group.Values, NpgsqlDbType.Array | NpgsqlDbType.Double, cancellationToken);
            await WriteOptionalAsync(importer, group.UserIds, NpgsqlDbType.Array | NpgsqlDbType.Text, cancellationToken);
            await WriteOptionalAsync(importer, group.Tags, NpgsqlDbType.Array | NpgsqlDbType.Jsonb, cancellationToken);
            if (batch.BatchId is null) await importer.WriteNullAsync(cancellationToken);
            else await importer.WriteAsync(batch.BatchId, NpgsqlDbType.Text, cancellationToken);
        }
    }

    private static Task WriteOptionalAsync(NpgsqlBinaryImporter importer, string?[]? values, NpgsqlDbType type, CancellationToken cancellationToken) =>
        values is null ? importer.WriteNullAsync(cancellationToken) : importer.WriteAsync(values, type, cancellationToken);
}
