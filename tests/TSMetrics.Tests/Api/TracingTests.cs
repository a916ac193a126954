using System.Diagnostics;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using OpenTelemetry.Trace;
using TSMetrics.Grains;
using TSMetrics.Tests.Infrastructure;

namespace TSMetrics.Tests.Api;

/// <summary>
/// One ingest request traced end to end with OpenTelemetry's in-memory exporter: the gateway's HTTP span,
/// the Orleans call out of the gateway and into the silo, the new grain's activation with its Npgsql
/// queries, and the journal write, in one trace. Silos and gateway share this process, so one exporter sees
/// both sides; the request's own traceparent picks its spans out of everything the process traces.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class TracingTests(ClusterFixture fixture, Xunit.Abstractions.ITestOutputHelper output) : IAsyncLifetime
{
    private readonly LockedSpans _spans = new();
    private WebApplicationFactory<Program> _gateway = null!;
    private HttpClient _http = null!;

    public Task InitializeAsync()
    {
        _gateway = fixture.CreateGateway(new Dictionary<string, string> { ["TSMetrics:Telemetry:Tracing"] = "true" })
            .WithWebHostBuilder(web => web.ConfigureTestServices(services =>
                services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddSource(GrainsTelemetry.Name, Orleans.Diagnostics.ActivitySources.LifecycleActivitySourceName).AddInMemoryExporter(_spans))));
        _http = _gateway.CreateClient();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _gateway.DisposeAsync();
    }

    [Fact]
    public async Task AnIngestRequestIsOneTraceFromHttpThroughTheGrainCallAndItsQueriesToTheJournalWrite()
    {
        var traceId = ActivityTraceId.CreateRandom();
        var test = Names.Unique("trace");

        var response = await PostAsync($$"""{"test": "{{test}}", "metric": "m", "variant": "A", "points": [[null, 1], [null, 2]]}""", traceId);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var trace = await Eventually.MatchesAsync(() => Task.FromResult(SpansOf(traceId)),
            spans => spans.Any(s => s.Source.Name == "Microsoft.AspNetCore") && spans.Any(s => s.OperationName == "journal append"),
            "the request's HTTP span and journal span exported");
        foreach (var span in trace) output.WriteLine($"{span.Source.Name} {span.Kind} '{span.DisplayName}' {span.SpanId} <- {span.ParentSpanId}");
        var http = Assert.Single(trace, s => s.Source.Name == "Microsoft.AspNetCore" && s.Kind == ActivityKind.Server);
        var grainCallOut = Assert.Single(trace, s => s.Source.Name == "Microsoft.Orleans.Application" && s.Kind == ActivityKind.Client && s.DisplayName.Contains("ISeriesGrain", StringComparison.Ordinal));
        var grainCallIn = Assert.Single(trace, s => s.Source.Name == "Microsoft.Orleans.Application" && s.Kind == ActivityKind.Server && s.DisplayName.Contains("ISeriesGrain", StringComparison.Ordinal));
        var journal = Assert.Single(trace, s => s.OperationName == "journal append");
        var loads = trace.Where(s => s.Source.Name == "Npgsql").ToList();

        // Linked parent to child: HTTP -> (gateway code) -> grain call out -> grain call in -> journal write.
        Assert.True(IsAncestor(http, grainCallOut, trace), "the grain call is not under the HTTP span");
        Assert.Equal(grainCallOut.SpanId, grainCallIn.ParentSpanId);
        Assert.True(IsAncestor(grainCallIn, journal, trace), "the journal write is not under the silo's grain call");
        Assert.Equal($"{test}/m", journal.GetTagItem("tsmetrics.series"));
        // A new series' grain activates within the call and reads its storage: those queries are in the trace too.
        Assert.Contains(loads, load => IsAncestor(grainCallOut, load, trace));
    }

    [Fact]
    public async Task AProblemDetailsCarriesTheTraceIdOfItsTrace()
    {
        var traceId = ActivityTraceId.CreateRandom();

        var response = await PostAsync("""{"metric": "m", "value": true}""", traceId);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.ReadJsonAsync();
        Assert.Equal(traceId.ToHexString(), problem.GetProperty("traceId").GetString());
        var http = await Eventually.MatchesAsync(() => Task.FromResult(SpansOf(traceId).Where(s => s.Source.Name == "Microsoft.AspNetCore").ToList()),
            spans => spans.Count == 1, "the request's HTTP span exported");
        Assert.Equal(http[0].TraceId.ToHexString(), problem.GetProperty("traceId").GetString());
    }

    private Task<HttpResponseMessage> PostAsync(string body, ActivityTraceId traceId)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/points") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("traceparent", $"00-{traceId.ToHexString()}-{ActivitySpanId.CreateRandom().ToHexString()}-01");
        return _http.SendAsync(request);
    }

    private List<Activity> SpansOf(ActivityTraceId traceId) => _spans.Snapshot().Where(s => s.TraceId == traceId).ToList();

    private static bool IsAncestor(Activity ancestor, Activity span, List<Activity> trace)
    {
        for (var parent = span.ParentSpanId; parent != default;)
        {
            if (parent == ancestor.SpanId) return true;
            var next = trace.FirstOrDefault(s => s.SpanId == parent);
            if (next is null) return false;
            parent = next.ParentSpanId;
        }

        return false;
    }
}

/// <summary>The exporter adds from its own thread while the test reads.</summary>
internal sealed class LockedSpans : System.Collections.ObjectModel.Collection<Activity>
{
    private readonly Lock _lock = new();

    public List<Activity> Snapshot()
    {
        lock (_lock) return [.. Items];
    }

    protected override void InsertItem(int index, Activity item)
    {
        lock (_lock) base.InsertItem(index, item);
    }
}
