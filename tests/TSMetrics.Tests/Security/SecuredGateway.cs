using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using TSMetrics.Tests.Api;
using TSMetrics.Tests.Infrastructure;

namespace TSMetrics.Tests.Security;

/// <summary>A gateway on the shared cluster that requires API keys, with a bootstrap admin key to make more.</summary>
public sealed class SecuredGateway : IAsyncDisposable
{
    public const string BootstrapKey = "bootstrap-admin-key-for-tests-0123456789";

    private readonly WebApplicationFactory<Program> _factory;

    private SecuredGateway(WebApplicationFactory<Program> factory)
    {
        _factory = factory;
        Anonymous = factory.CreateClient();
        Admin = WithKey(BootstrapKey);
    }

    /// <summary>No key at all.</summary>
    public HttpClient Anonymous { get; }

    /// <summary>The bootstrap admin key.</summary>
    public HttpClient Admin { get; }

    public static SecuredGateway Start(ClusterFixture fixture, IReadOnlyDictionary<string, string>? settings = null)
    {
        var all = new Dictionary<string, string>
        {
            ["TSMetrics:Security:RequireApiKeys"] = "true",
            ["TSMetrics:Security:BootstrapAdminKey"] = BootstrapKey,
            ["TSMetrics:RateLimits:IngestPointsPerSecond"] = "200000",
            ["TSMetrics:RateLimits:QueriesPerSecond"] = "100",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>()) all[key] = value;
        return new SecuredGateway(fixture.CreateGateway(all));
    }

    public HttpClient WithKey(string key)
    {
        var client = _factory.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        return client;
    }

    /// <summary>Creates a key through the admin endpoint and returns its id and secret.</summary>
    public async Task<(long Id, string Secret)> CreateKeyAsync(string name, string[] scopes, int? ingestPointsPerSecond = null, int? queriesPerSecond = null)
    {
        var response = await Admin.PostAsJsonAsync("/v1/admin/keys", new { name, scopes, ingestPointsPerSecond, queriesPerSecond });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Created, body);
        using var document = JsonDocument.Parse(body);
        return (document.RootElement.GetProperty("id").GetInt64(), document.RootElement.GetProperty("key").GetString()!);
    }

    public async Task<HttpClient> ClientWithNewKeyAsync(string name, string[] scopes, int? ingestPointsPerSecond = null, int? queriesPerSecond = null) =>
        WithKey((await CreateKeyAsync(name, scopes, ingestPointsPerSecond, queriesPerSecond)).Secret);

    /// <summary>One point of <paramref name="test"/>/latency for variant A, as JSON.</summary>
    public static string OnePoint(string test, double value = 1) => ApiJson.ToJson(new { test, metric = "latency", variant = "A", value });

    /// <summary><paramref name="count"/> points of <paramref name="test"/>/latency/A as compact pairs, ending now.</summary>
    public static string CompactBatch(string test, int count)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0;
        return JsonSerializer.Serialize(new
        {
            test,
            metric = "latency",
            variant = "A",
            points = Enumerable.Range(0, count).Select(i => new[] { now - i * 0.001, i }).ToArray(),
        });
    }

    public async ValueTask DisposeAsync()
    {
        Anonymous.Dispose();
        Admin.Dispose();
        await _factory.DisposeAsync();
    }
}
