using System.Collections.Concurrent;
using System.Net;
using System.Text;

namespace TSMetrics.Tests.Infrastructure;

/// <summary>
/// Steady ingest from several clients that keep their promise: each batch, with its own Idempotency-Key,
/// is sent again until it is acknowledged. Records every answer and how many points were acknowledged.
/// </summary>
public sealed class IngestLoad(HttpClient http, string test, int clients, TimeSpan retryFor, Func<string> diagnostics)
{
    private long _acknowledged;

    public ConcurrentBag<(HttpStatusCode Status, bool RetryAfter, DateTime At)> Answers { get; } = [];

    public long AcknowledgedPoints => Interlocked.Read(ref _acknowledged);

    public Task RunAsync(CancellationToken stop) => Task.WhenAll(Enumerable.Range(0, clients).Select(client => Task.Run(() => ClientAsync(client, stop))));

    private async Task ClientAsync(int client, CancellationToken stop)
    {
        for (var batch = 0; !stop.IsCancellationRequested; batch++)
        {
            var key = $"c{client}-b{batch}";
            var body = Body(client, batch);
            var giveUp = DateTime.UtcNow + retryFor;
            while (true)
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/points") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
                request.Headers.Add("Idempotency-Key", key);
                HttpStatusCode status;
                bool retryAfter;
                try
                {
                    using var response = await http.SendAsync(request);
                    (status, retryAfter) = (response.StatusCode, response.Headers.RetryAfter is not null);
                }
                catch (HttpRequestException)
                {
                    (status, retryAfter) = (0, false);
                }

                Answers.Add((status, retryAfter, DateTime.UtcNow));
                if (status == HttpStatusCode.OK) break;
                if (DateTime.UtcNow > giveUp) throw new Xunit.Sdk.XunitException($"batch {key} was never acknowledged; last answer {status}.\n{diagnostics()}");
                await Task.Delay(200);
            }

            Interlocked.Add(ref _acknowledged, PointsPerBatch);
            await Task.Delay(50);
        }
    }

    private const int PointsPerBatch = 20;

    // Each batch spreads over four metrics, so it touches grains on several silos.
    private string Body(int client, int batch) =>
        "[" + string.Join(",", Enumerable.Range(0, PointsPerBatch).Select(i =>
            $$"""{"test": "{{test}}", "variant": "{{(i % 2 == 0 ? "A" : "B")}}", "metric": "m{{(client + i) % 4}}", "value": {{batch + i}}}""")) + "]";
}
