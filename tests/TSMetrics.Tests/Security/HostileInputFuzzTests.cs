using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using TSMetrics.Tests.Api;
using TSMetrics.Tests.Infrastructure;
using Xunit.Abstractions;

namespace TSMetrics.Tests.Security;

[Collection(ClusterCollection.Name)]
public sealed class HostileInputFuzzTests(ClusterFixture fixture, ITestOutputHelper output)
{
    private const int RequestCount = 10_000;
    private const int Workers = 8;

    [Fact]
    public async Task TenThousandHostileRequestsGetNamed4xxAnswersAndLeaveStoredDataUntouched()
    {
        var seed = Environment.GetEnvironmentVariable("TSMETRICS_FUZZ_SEED") is { } given ? int.Parse(given, System.Globalization.CultureInfo.InvariantCulture) : Random.Shared.Next();
        output.WriteLine($"seed {seed} (rerun with TSMETRICS_FUZZ_SEED={seed})");
        await using var gateway = fixture.CreateGateway(new Dictionary<string, string>());
        gateway.UseKestrel(0); // the real HTTP server, not the in-memory one
        gateway.StartServer();
        using var http = gateway.CreateClient();

        var control = Names.Unique("fuzzctl");
        var start = DateTime.UtcNow.AddMinutes(-5);
        var controlBefore = await WriteControlSeriesAsync(http, control, start);

        var generator = new HostileRequests(seed);
        var requests = Enumerable.Range(0, RequestCount).Select(_ => generator.Next()).ToArray();
        var failures = new ConcurrentQueue<string>();
        var statuses = new ConcurrentDictionary<int, int>();
        await Parallel.ForEachAsync(requests, new ParallelOptions { MaxDegreeOfParallelism = Workers }, async (request, cancellationToken) =>
        {
            using var message = new HttpRequestMessage(request.Method, request.Url);
            if (request.Body is not null)
            {
                message.Content = new ByteArrayContent(request.Body);
                if (request.ContentType.Length > 0) message.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(request.ContentType);
            }

            using var response = await http.SendAsync(message, cancellationToken);
            var status = (int)response.StatusCode;
            statuses.AddOrUpdate(status, 1, (_, n) => n + 1);
            if (Problem(request, status, response.Content.Headers.ContentType?.MediaType, await response.Content.ReadAsStringAsync(cancellationToken)) is { } problem)
                failures.Enqueue($"{problem}: {request}");
        });

        output.WriteLine(string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}: {s.Value}")));
        Assert.True(failures.IsEmpty, $"{failures.Count} bad answers, e.g.:\n{string.Join("\n", failures.Take(10))}");
        Assert.Equal("ok", (await http.GetJsonAsync("/healthz")).GetString());
        Assert.Equal(controlBefore, await ReadControlSeriesAsync(http, control, start));
    }

    /// <summary>What is wrong with an answer, or null when it is a proper one.</summary>
    private static string? Problem(HostileRequests.Request request, int status, string? mediaType, string body)
    {
        // Kestrel itself refuses a NUL in the decoded path with a bare 400, before any application code runs.
        if (status == 400 && body.Length == 0 && request.Url.Split('?')[0].Contains("%00", StringComparison.Ordinal)) return null;
        if (status >= 500) return $"{status} {body}";
        if (status < 400) return null;
        if (mediaType != "application/problem+json") return $"{status} without ProblemDetails ({mediaType})";
        using var document = JsonDocument.Parse(body);
        var root = document.RootElement;
        if (!root.TryGetProperty("title", out var title) || string.IsNullOrWhiteSpace(title.GetString())) return $"{status} without a title: {body}";
        if (status is 400 or 413 or 422 or 429)
        {
            var namesAField = root.TryGetProperty("errors", out var errors) && errors.EnumerateObject().Any(e => e.Name.Length > 0)
                || root.TryGetProperty("field", out var field) && field.GetString() is { Length: > 0 }
                || root.TryGetProperty("detail", out var detail) && detail.GetString() is { Length: > 0 };
            if (!namesAField) return $"{status} that names no field or reason: {body}";
        }

        return null;
    }

    private static async Task<string> WriteControlSeriesAsync(HttpClient http, string test, DateTime start)
    {
        var points = Enumerable.Range(0, 60).Select(i => new
        {
            test, metric = "latency", variant = i % 2 == 0 ? "A" : "B", value = 100.0 + i, timestamp = start.AddSeconds(i), userId = $"u{i}",
        });
        var response = await http.PostJsonAsync("/v1/points", ApiJson.ToJson(points));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return await ReadControlSeriesAsync(http, test, start);
    }

    private static async Task<string> ReadControlSeriesAsync(HttpClient http, string test, DateTime start)
    {
        var from = Uri.EscapeDataString(ApiJson.Iso(start.AddMinutes(-1)));
        var to = Uri.EscapeDataString(ApiJson.Iso(start.AddMinutes(2)));
        var raw = await http.GetStringAsync($"/v1/points?test={test}&metric=latency&from={from}&to={to}");
        var series = await http.GetJsonAsync($"/v1/series?test={test}&metric=latency&granularity=1m&from={from}&to={to}");
        return raw + series.GetProperty("variants").GetRawText();
    }
}
