namespace TSMetrics.LoadGen;

/// <summary>
/// Defines the generated metrics before a run, as an experimenter would: latencies are means (lower is
/// better), conversions proportions (the share of users who converted). Without an admin key the gateway
/// refuses (or, down, does not answer), and the metrics stay undefined means; the run goes on.
/// </summary>
public static class MetricDefinitions
{
    public static async Task<int> DefineAsync(HttpClient http, TrafficModel model, CancellationToken cancellationToken)
    {
        var defined = 0;
        foreach (var test in model.Tests)
        {
            for (var m = 0; m < model.Metrics.Length; m++)
            {
                var body = TrafficModel.IsConversion(m)
                    ? """{"direction": "higher", "kind": "proportion"}"""
                    : """{"unit": "ms", "direction": "lower", "kind": "mean"}""";
                using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
                try
                {
                    using var response = await http.PutAsync($"/v1/tests/{Uri.EscapeDataString(test)}/metrics/{Uri.EscapeDataString(model.Metrics[m])}", content, cancellationToken);
                    if (response.IsSuccessStatusCode) defined++;
                }
                catch (HttpRequestException)
                {
                    // The run itself counts a gateway that does not answer; definitions are a nicety.
                    return defined;
                }
            }
        }

        return defined;
    }
}
