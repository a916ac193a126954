using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text;
using Npgsql;
using TSMetrics.Grains.Interfaces;
using TSMetrics.Tests.Infrastructure;

namespace TSMetrics.Benchmarks.Suite;

/// <summary>
/// Figure 4: 30 days at 5-minute granularity, two variants, avg/min/max/count per bucket: TSMetrics'
/// GET /v1/series (default shape, and columns of the four statistics) against the same question asked of
/// TimescaleDB directly (time_bucket over raw rows),
/// on the same points, alternated, after a warm-up of each; the answers are checked to agree.
/// </summary>
public sealed class HistoryBenchmark(SuiteOptions options, TsMetricsSystem system, TestDatabase peerDatabase)
{
    private const int Days = 30;
    private const int WarmUps = 2;
    private const string ColumnsQuery = "&format=columns&fields=count,avg,min,max";

    private const string PeerQuery = """
        SELECT variant, time_bucket('5 minutes', time) AS bucket, count(*), avg(value), min(value), max(value)
        FROM history WHERE test = $1 AND metric = $2 AND time >= $3 AND time < $4
        GROUP BY variant, bucket ORDER BY variant, bucket
        """;

    public async Task<string> RunAsync()
    {
        var key = new SeriesKey("history_bench", "latency");
        const long fiveMinutes = 300_000_000L;
        var end = UnixTime.ToMicros(DateTimeOffset.UtcNow) / fiveMinutes * fiveMinutes - 2 * fiveMinutes;
        var data = new HistoryData(end - Days * 1_440L * HistoryData.MinuteMicros, Days, options.HistoryPointsPerMinute);
        var seeding = Stopwatch.StartNew();
        await HistorySeeder.SeedTsMetricsAsync(system.Database, key, data);
        var tsmetricsSeconds = seeding.Elapsed.TotalSeconds;
        seeding.Restart();
        await HistorySeeder.SeedPeerAsync(peerDatabase, key, data);
        Console.WriteLine($"  history seeded: {data.Count:N0} points; TSMetrics rollups {tsmetricsSeconds:F1} s, peer raw rows {seeding.Elapsed.TotalSeconds:F1} s");

        using var http = new HttpClient { BaseAddress = system.Url, Timeout = TimeSpan.FromMinutes(2) };
        var path = string.Create(CultureInfo.InvariantCulture,
            $"/v1/series?test={key.Test}&metric={key.Metric}&granularity=5m&from={data.StartMicros / 1_000_000}&to={data.EndMicros / 1_000_000}");
        var tsmetrics = new List<double>();
        var compact = new List<double>();
        var peer = new List<double>();
        List<HistoryBucket> tsmetricsAnswer = [], compactAnswer = [], peerAnswer = [];
        for (var i = 0; i < WarmUps + options.HistoryQueries; i++)
        {
            var clock = Stopwatch.StartNew();
            tsmetricsAnswer = await AskTsMetricsAsync(http, path);
            var tsmetricsMs = clock.Elapsed.TotalMilliseconds;
            clock.Restart();
            compactAnswer = await AskTsMetricsColumnsAsync(http, path + ColumnsQuery);
            var compactMs = clock.Elapsed.TotalMilliseconds;
            clock.Restart();
            peerAnswer = await AskPeerAsync(key, data);
            var peerMs = clock.Elapsed.TotalMilliseconds;
            if (i < WarmUps) continue;
            tsmetrics.Add(tsmetricsMs);
            compact.Add(compactMs);
            peer.Add(peerMs);
        }

        var agreement = Compare(tsmetricsAnswer, peerAnswer);
        var compactAgreement = Compare(compactAnswer, peerAnswer);
        var ours = Spread.Of(tsmetrics);
        var oursCompact = Spread.Of(compact);
        var theirs = Spread.Of(peer);
        Console.WriteLine($"  history: TSMetrics {ours.Format("F1")} ms, columns {oursCompact.Format("F1")} ms, time_bucket over raw rows {theirs.Format("F1")} ms; {agreement}; columns {compactAgreement}");
        return string.Create(CultureInfo.InvariantCulture, $"""
            ## 4. Historical series query: 30 days at 5-minute granularity, two variants

            The same {data.Count:N0} points ({options.HistoryPointsPerMinute} per minute and variant, evenly spaced, over 30 days ending 10
            minutes before the run) on both sides. TSMetrics holds them as 1-minute and 1-hour rollups (count, sum, M2,
            min, max per bucket), written through the grains' own `RollupWriter` as the demo seeder does, because it
            does not ingest points older than 7 days; it has no raw points of this history. TimescaleDB holds one row per
            point in a hypertable (1-day chunks) indexed on (test, metric, time), vacuumed and analyzed after the load.
            Question: per variant and 5-minute bucket, count, average, min and max over those 30 days.
            TSMetrics: `GET /v1/series?granularity=5m` timed at the client (HTTP and JSON included; the series grain answers
            the last day from memory, the gateway reads the rest from the 1-minute rollups), in the default shape (one object
            per bucket with every statistic and distinct users) and as columns of just the question's statistics
            (`format=columns&fields=count,avg,min,max`). TimescaleDB: `time_bucket('5 minutes', time)` with `GROUP BY
            variant, bucket` over the raw rows through Npgsql, all rows read. {WarmUps} warm-ups each, then
            {options.HistoryQueries} queries alternated; median (min-max). Answers compared: default shape {agreement};
            columns {compactAgreement}.

            | query | latency ms | TimescaleDB / TSMetrics |
            |---|---|---|
            | TSMetrics `GET /v1/series` | {ours.Format("F1")} | {Spread.Ratio(theirs, ours)} faster |
            | TSMetrics `GET /v1/series?format=columns&fields=count,avg,min,max` | {oursCompact.Format("F1")} | {Spread.Ratio(theirs, oursCompact)} faster |
            | TimescaleDB `time_bucket` over raw rows | {theirs.Format("F1")} | |

            """);
    }

    private static async Task<List<HistoryBucket>> AskTsMetricsAsync(HttpClient http, string path)
    {
        using var response = await http.GetAsync(path);
        response.EnsureSuccessStatusCode();
        using var document = JsonDocument.Parse(await response.Content.ReadAsStreamAsync());
        var buckets = new List<HistoryBucket>();
        foreach (var variant in document.RootElement.GetProperty("variants").EnumerateArray())
        {
            var name = variant.GetProperty("variant").GetString()!;
            foreach (var b in variant.GetProperty("buckets").EnumerateArray())
                buckets.Add(new HistoryBucket(name, b.GetProperty("t").GetInt64(), b.GetProperty("count").GetInt64(),
                    b.GetProperty("avg").GetDouble(), b.GetProperty("min").GetDouble(), b.GetProperty("max").GetDouble()));
        }

        return buckets;
    }

    private static async Task<List<HistoryBucket>> AskTsMetricsColumnsAsync(HttpClient http, string path)
    {
        using var response = await http.GetAsync(path);
        response.EnsureSuccessStatusCode();
        using var document = JsonDocument.Parse(await response.Content.ReadAsStreamAsync());
        var buckets = new List<HistoryBucket>();
        foreach (var variant in document.RootElement.GetProperty("variants").EnumerateArray())
        {
            var name = variant.GetProperty("variant").GetString()!;
            var (t, count, avg, min, max) = (variant.GetProperty("t"), variant.GetProperty("count"), variant.GetProperty("avg"), variant.GetProperty("min"), variant.GetProperty("max"));
            for (var i = 0; i < t.GetArrayLength(); i++)
                buckets.Add(new HistoryBucket(name, t[i].GetInt64(), count[i].GetInt64(), avg[i].GetDouble(), min[i].GetDouble(), max[i].GetDouble()));
        }

        return buckets;
    }

    private async Task<List<HistoryBucket>> AskPeerAsync(SeriesKey key, HistoryData data)
    {
        await using var command = peerDatabase.Owner.CreateCommand(PeerQuery);
        command.Parameters.Add(new NpgsqlParameter { Value = key.Test });
        command.Parameters.Add(new NpgsqlParameter { Value = key.Metric });
        command.Parameters.Add(new NpgsqlParameter { Value = UnixTime.FromMicros(data.StartMicros) });
        command.Parameters.Add(new NpgsqlParameter { Value = UnixTime.FromMicros(data.EndMicros) });
        var buckets = new List<HistoryBucket>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            buckets.Add(new HistoryBucket(reader.GetString(0), UnixTime.ToMicros(reader.GetDateTime(1)) / 1_000_000, reader.GetInt64(2),
                reader.GetDouble(3), reader.GetDouble(4), reader.GetDouble(5)));
        return buckets;
    }

    private static string Compare(List<HistoryBucket> ours, List<HistoryBucket> theirs)
    {
        var peer = theirs.ToDictionary(b => (b.Variant, b.StartSeconds));
        var worstAverage = 0.0;
        var mismatches = 0;
        foreach (var bucket in ours)
        {
            if (!peer.Remove((bucket.Variant, bucket.StartSeconds), out var other) || other.Count != bucket.Count || other.Min != bucket.Min || other.Max != bucket.Max)
            {
                mismatches++;
                continue;
            }

            worstAverage = Math.Max(worstAverage, Math.Abs(other.Average - bucket.Average) / Math.Abs(other.Average));
        }

        mismatches += peer.Count;
        return mismatches == 0
            ? string.Create(CultureInfo.InvariantCulture, $"identical for all {ours.Count:N0} buckets (counts, min and max equal, averages within a relative {worstAverage:0.#e0})")
            : $"{mismatches} of {Math.Max(ours.Count, theirs.Count):N0} buckets DIFFER";
    }
}
