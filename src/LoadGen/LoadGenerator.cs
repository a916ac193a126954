using System.Diagnostics;

namespace TSMetrics.LoadGen;

/// <summary>One load run: send in the chosen mode (with progress and, optionally, timed live queries), then verify.</summary>
public static class LoadGenerator
{
    /// <summary>An HTTP client for the gateway with room for every request in flight, and the API key if given.</summary>
    public static HttpClient CreateClient(LoadOptions options)
    {
        var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = options.Concurrency + 8 })
        {
            BaseAddress = options.Url,
            Timeout = TimeSpan.FromSeconds(60),
        };
        if (options.ApiKey is not null) http.DefaultRequestHeaders.Add("X-Api-Key", options.ApiKey);
        return http;
    }

    public static async Task<LoadSummary> RunAsync(LoadOptions options, HttpClient http, TextWriter output, AcknowledgedLedger? ledger = null, CancellationToken cancellationToken = default)
    {
        ledger ??= new AcknowledgedLedger();
        var model = new TrafficModel(options);
        var counters = new LoadCounters();
        var sender = new IngestSender(http, counters, ledger, options.Compact);
        if (options.Mode != LoadMode.Csv) await MetricDefinitions.DefineAsync(http, model, cancellationToken);
        var probe = options.Probe ? new QueryProbe(http, model) : null;
        using var stopSide = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var progress = options.Progress ? ProgressPrinter.RunAsync(counters, output, stopSide.Token) : Task.CompletedTask;
        var probing = probe?.RunAsync(stopSide.Token) ?? Task.CompletedTask;
        // Back-fill and CSV run until their points are sent; the time limit bounds the live modes.
        var deadline = options.Mode is LoadMode.Backfill or LoadMode.Csv ? DateTime.MaxValue : DateTime.UtcNow.AddSeconds(options.Seconds);
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();

        switch (options.Mode)
        {
            case LoadMode.Steady:
                await SteadyRunner.RunAsync(new GeneratedBatchSource(model, 1, options.MaxPoints, backfill: false), sender, options, deadline, cancellationToken);
                break;
            case LoadMode.Csv:
                using (var csv = new CsvBatchSource(options.CsvPath!, options.BatchSize))
                    await BoundedRunner.RunAsync(csv, sender, options.Concurrency, deadline, cancellationToken);
                break;
            default:
                var source = new GeneratedBatchSource(model, options.Concurrency, options.MaxPoints, options.Mode == LoadMode.Backfill);
                await BoundedRunner.RunAsync(source, sender, options.Concurrency, deadline, cancellationToken);
                break;
        }

        var seconds = clock.Elapsed.TotalSeconds;
        var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
        await stopSide.CancelAsync();
        await Task.WhenAll(progress, probing);

        VerifyResult? verification = null;
        IReadOnlyList<EffectFinding> effects = [];
        if (options.Verify)
        {
            output.WriteLine($"Verifying {ledger.Series.Count:N0} series...");
            verification = await new Verifier(http).VerifyAsync(ledger, options.VerifyTimeout, cancellationToken);
            if (options.Mode != LoadMode.Csv) effects = await new EffectCheck(http, model).CheckAsync(ledger, cancellationToken);
        }

        var latency = counters.Latency;
        return new LoadSummary(options, seconds, counters.SentPoints, counters.SentRequests, counters.AcknowledgedPoints, counters.AcknowledgedRequests,
            counters.RejectedPoints, counters.RejectedRequests, counters.FailedRequests, counters.RejectionsByStatus,
            latency.Percentile(0.5), latency.Percentile(0.9), latency.Percentile(0.99), latency.Percentile(1),
            probe?.Series, probe?.Comparison, verification, effects, cpuSeconds);
    }
}
