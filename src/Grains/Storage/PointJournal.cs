using System.Collections.Concurrent;
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
        COPY tsm.point_batches (test, metric, variant, seq, hour, first_time, last_time, point_count, times, vals, user_ids, tags, batch_id, categories, counts, mins, maxs, m2s, bins)
        FROM STDIN (FORMAT BINARY)
        """;

    // Marks metrics that store string values, before their points: the mark may then precede a write that
    // fails, never lag one that committed.
    private const string MarkStrings = """
        INSERT INTO tsm.metrics AS m (test, name, has_strings) SELECT test, name, true FROM unnest($1::text[], $2::text[]) AS s(test, name)
        ON CONFLICT (test, name) DO UPDATE SET has_strings = true WHERE NOT m.has_strings
        """;

    private const long MicrosPerHour = 3_600_000_000L;

    private readonly NpgsqlDataSource _dataSource;
    private readonly GroupCommitQueue<JournalEntry> _queue;

    // Series this process has marked as holding strings: the mark costs one statement per series and process.
    private readonly ConcurrentDictionary<SeriesKey, bool> _markedStrings = new();

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
        var rows = new List<(JournalEntry Entry, PointBatch Batch, List<JournalRowGroup> Groups)>();
        List<SeriesKey>? unmarked = null;
        foreach (var entry in entries)
        {
            foreach (var batch in entry.Batches)
            {
                var groups = JournalRowGroup.Split(batch, MicrosPerHour);
                rows.Add((entry, batch, groups));
                if (!_markedStrings.ContainsKey(entry.Key) && groups.Exists(g => g.Categories is not null) && !(unmarked ??= []).Contains(entry.Key))
                    unmarked.Add(entry.Key);
            }
        }

        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        if (unmarked is not null) await MarkStringsAsync(connection, unmarked, cancellationToken);
        await using (var importer = await connection.BeginBinaryImportAsync(CopyCommand, cancellationToken))
        {
            foreach (var (entry, batch, groups) in rows) await WriteBatchAsync(importer, entry, batch, groups, cancellationToken);
            await importer.CompleteAsync(cancellationToken);
        }

        if (unmarked is not null) foreach (var key in unmarked) _markedStrings.TryAdd(key, true);
    }

    private static async Task MarkStringsAsync(NpgsqlConnection connection, List<SeriesKey> keys, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(MarkStrings, connection);
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = keys.ConvertAll(k => k.Test).ToArray() });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = keys.ConvertAll(k => k.Metric).ToArray() });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task WriteBatchAsync(
        NpgsqlBinaryImporter importer, JournalEntry entry, PointBatch batch, List<JournalRowGroup> groups, CancellationToken cancellationToken)
    {
        foreach (var group in groups)
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
            await WriteOptionalAsync(importer, group.Categories, NpgsqlDbType.Array | NpgsqlDbType.Text, cancellationToken);
            await WriteSummariesAsync(importer, group.Summaries, cancellationToken);
        }
    }

    private static async Task WriteSummariesAsync(NpgsqlBinaryImporter importer, JournalSummaryColumns? summaries, CancellationToken cancellationToken)
    {
        if (summaries is null)
        {
            for (var i = 0; i < 5; i++) await importer.WriteNullAsync(cancellationToken);
            return;
        }

        await importer.WriteAsync(summaries.Counts, NpgsqlDbType.Array | NpgsqlDbType.Bigint, cancellationToken);
        await importer.WriteAsync(summaries.Mins, NpgsqlDbType.Array | NpgsqlDbType.Double, cancellationToken);
        await importer.WriteAsync(summaries.Maxs, NpgsqlDbType.Array | NpgsqlDbType.Double, cancellationToken);
        await importer.WriteAsync(summaries.M2s, NpgsqlDbType.Array | NpgsqlDbType.Double, cancellationToken);
        await importer.WriteAsync(summaries.Bins, NpgsqlDbType.Array | NpgsqlDbType.Jsonb, cancellationToken);
    }

    private static Task WriteOptionalAsync(NpgsqlBinaryImporter importer, string?[]? values, NpgsqlDbType type, CancellationToken cancellationToken) =>
        values is null ? importer.WriteNullAsync(cancellationToken) : importer.WriteAsync(values, type, cancellationToken);
}
