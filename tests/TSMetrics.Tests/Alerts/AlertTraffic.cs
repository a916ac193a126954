using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using TSMetrics.Tests.Api;
using TSMetrics.Tests.Infrastructure;

namespace TSMetrics.Tests.Alerts;

/// <summary>Traffic and webhook helpers for alert tests: points posted as a client would, hooks made through the API.</summary>
public static class AlertTraffic
{
    /// <summary>Posts <paramref name="count"/> normal values (mean, sd) of one variant, time-stamped now.</summary>
    public static async Task PostAsync(HttpClient http, string test, string metric, string variant, double mean, double sd, int count, Random rng)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0;
        var points = Enumerable.Range(0, count).Select(i => new[] { now - i * 0.0001, mean + sd * Gaussian(rng) }).ToArray();
        var response = await http.PostJsonAsync("/v1/points", JsonSerializer.Serialize(new { test, metric, variant, points }));
        Assert.True(response.IsSuccessStatusCode, $"POST /v1/points answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>Creates a hook through the API and returns its id and secret.</summary>
    public static async Task<(long Id, string Secret)> AddHookAsync(HttpClient http, string test, string url)
    {
        var response = await http.PostJsonAsync($"/v1/tests/{test}/hooks", ApiJson.ToJson(new { url }));
        var body = await response.ReadJsonAsync();
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Created, body.ToString());
        return (body.GetProperty("id").GetInt64(), body.GetProperty("secret").GetString()!);
    }

    /// <summary>The events the receiver accepted for one rule and subject, in order.</summary>
    public static List<WebhookReceiver.Received> EventsOf(WebhookReceiver receiver, string rule, string? metric, string? variant) =>
        receiver.Accepted.Where(r =>
        {
            var json = r.Json;
            var alert = json.GetProperty("alert");
            return json.GetProperty("rule").GetProperty("id").GetString() == rule
                && Text(alert, "metric") == metric && Text(alert, "variant") == variant;
        }).ToList();

    public static string Signature(string secret, string body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(body)));

    /// <summary>One alert of the test's overview, or null.</summary>
    public static JsonElement? Alert(JsonElement overview, string rule, string? metric, string? variant)
    {
        foreach (var alert in overview.GetProperty("alerts").EnumerateArray())
            if (alert.GetProperty("ruleId").GetString() == rule && Text(alert, "metric") == metric && Text(alert, "variant") == variant) return alert;
        return null;
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static double Gaussian(Random rng) => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
}
