using System.Buffers;
using System.Diagnostics;
using System.Net.Http.Headers;

namespace TSMetrics.LoadGen;

/// <summary>Posts one batch, times it, and books the answer in the counters and, when acknowledged, the ledger.</summary>
public sealed class IngestSender(HttpClient http, LoadCounters counters, AcknowledgedLedger ledger, bool compact)
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");

    public async Task SendAsync(LoadBatch batch, ArrayBufferWriter<byte> buffer, CancellationToken cancellationToken)
    {
        buffer.ResetWrittenCount();
        BatchEncoder.Write(batch, compact, buffer);
        using var content = new ReadOnlyMemoryContent(buffer.WrittenMemory);
        content.Headers.ContentType = Json;
        var points = batch.Points.Count;
        counters.Sending(points);
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var response = await http.PostAsync("/v1/points", content, cancellationToken);
            counters.Latency.Add(Stopwatch.GetElapsedTime(started));
            if (response.IsSuccessStatusCode)
            {
                ledger.Add(batch, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0);
                counters.Acknowledged(points);
            }
            else
            {
                counters.Rejected(points, (int)response.StatusCode);
            }
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            counters.Failed();
        }
    }
}
