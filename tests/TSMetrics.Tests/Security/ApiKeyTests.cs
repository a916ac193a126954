using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using TSMetrics.Tests.Api;
using TSMetrics.Tests.Infrastructure;

namespace TSMetrics.Tests.Security;

[Collection(ClusterCollection.Name)]
public sealed class ApiKeyTests(ClusterFixture fixture)
{
    [Fact]
    public async Task WithoutAKeyNothingIsReadOrWrittenAndTheAnswerSaysWhy()
    {
        await using var gateway = SecuredGateway.Start(fixture);
        var test = Names.Unique("nokey");

        var write = await gateway.Anonymous.PostJsonAsync("/v1/points", SecuredGateway.OnePoint(test));
        var read = await gateway.Anonymous.GetAsync("/v1/tests");

        await AssertProblemAsync(write, HttpStatusCode.Unauthorized, "X-Api-Key");
        await AssertProblemAsync(read, HttpStatusCode.Unauthorized, "X-Api-Key");
        Assert.Equal(0, await fixture.Database.StoredPointsAsync(test));
    }

    [Theory]
    [InlineData("POST", "/v1/metrics", """{"name": "nokey_metric", "value": 1}""")]
    [InlineData("POST", "/ingest", """{"data": [{"time": "2026-01-01T00:00:00Z", "metric": "nokey_metric", "value": 1}]}""")]
    [InlineData("POST", "/analytics?timestamp=1224567997&user=3&event=click", null)]
    [InlineData("GET", "/v1/metrics?name=nokey_metric", null)]
    [InlineData("GET", "/metrics", null)]
    [InlineData("POST", "/query", """{"metric": "nokey_metric", "start_time": "2026-01-01", "end_time": "2026-01-02"}""")]
    [InlineData("GET", "/cache/info", null)]
    [InlineData("GET", "/analytics?timestamp=1224567999", null)]
    public async Task ThePredecessorsRoutesNeedAKeyLikeTheNativeOnes(string method, string url, string? body)
    {
        await using var gateway = SecuredGateway.Start(fixture);
        using var request = new HttpRequestMessage(new HttpMethod(method), url);
        if (body is not null) request.Content = new StringContent(body, Encoding.UTF8, "application/json");

        await AssertProblemAsync(await gateway.Anonymous.SendAsync(request), HttpStatusCode.Unauthorized, "X-Api-Key");
    }

    [Fact]
    public async Task AnUnknownKeyIsRefused()
    {
        await using var gateway = SecuredGateway.Start(fixture);
        using var stranger = gateway.WithKey("tsm_this-key-was-never-issued");

        var response = await stranger.GetAsync("/v1/tests");

        var problem = await AssertProblemAsync(response, HttpStatusCode.Unauthorized, "unknown or revoked");
        Assert.Equal("X-Api-Key", problem.GetProperty("field").GetString());
    }

    [Fact]
    public async Task AnIngestKeyWritesPointsButCannotReadOrDefine()
    {
        await using var gateway = SecuredGateway.Start(fixture);
        using var ingest = await gateway.ClientWithNewKeyAsync("checkout-service", ["ingest"]);
        var test = Names.Unique("ingestonly");

        var write = await ingest.PostJsonAsync("/v1/points", SecuredGateway.OnePoint(test));
        var read = await ingest.GetAsync($"/v1/series?test={test}&metric=latency");
        var define = await ingest.PutJsonAsync($"/v1/tests/{test}", new { control = "A" });

        Assert.Equal(HttpStatusCode.OK, write.StatusCode);
        await AssertProblemAsync(read, HttpStatusCode.Forbidden, "(ingest) do not include read or admin");
        await AssertProblemAsync(define, HttpStatusCode.Forbidden, "do not include admin");
        Assert.Equal(1, await fixture.Database.StoredPointsAsync(test));
    }

    [Fact]
    public async Task AReadKeyQueriesButCannotWriteAndItsRefusedWriteStoresNothing()
    {
        await using var gateway = SecuredGateway.Start(fixture);
        using var read = await gateway.ClientWithNewKeyAsync("dashboard", ["read"]);
        var test = Names.Unique("readonly");

        var write = await read.PostJsonAsync("/v1/points", SecuredGateway.OnePoint(test));
        var query = await read.GetAsync("/v1/tests");
        var keys = await read.GetAsync("/v1/admin/keys");

        await AssertProblemAsync(write, HttpStatusCode.Forbidden, "do not include ingest or admin");
        Assert.Equal(HttpStatusCode.OK, query.StatusCode);
        await AssertProblemAsync(keys, HttpStatusCode.Forbidden, "do not include admin");
        Assert.Equal(0, await fixture.Database.StoredPointsAsync(test));
    }

    [Fact]
    public async Task AnAdminKeyDefinesTestsAndAlsoReadsAndWrites()
    {
        await using var gateway = SecuredGateway.Start(fixture);
        using var admin = await gateway.ClientWithNewKeyAsync("analyst-lead", ["admin"]);
        var test = Names.Unique("admin");

        var write = await admin.PostJsonAsync("/v1/points", SecuredGateway.OnePoint(test));
        var define = await admin.PutJsonAsync($"/v1/tests/{test}", new { control = "A" });
        var read = await admin.GetAsync($"/v1/tests/{test}");

        Assert.Equal(HttpStatusCode.OK, write.StatusCode);
        Assert.True(define.IsSuccessStatusCode, await define.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
    }

    [Fact]
    public async Task ARevokedKeyStopsWorkingAtOnce()
    {
        await using var gateway = SecuredGateway.Start(fixture);
        var (id, secret) = await gateway.CreateKeyAsync("to-revoke", ["read"]);
        using var client = gateway.WithKey(secret);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/v1/tests")).StatusCode);

        var revoke = await gateway.Admin.DeleteAsync($"/v1/admin/keys/{id}");
        var after = await client.GetAsync("/v1/tests");
        var again = await gateway.Admin.DeleteAsync($"/v1/admin/keys/{id}");

        Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);
        await AssertProblemAsync(after, HttpStatusCode.Unauthorized, "unknown or revoked");
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
    }

    [Fact]
    public async Task KeysAreStoredHashedAndListedWithoutSecrets()
    {
        await using var gateway = SecuredGateway.Start(fixture);
        var (id, secret) = await gateway.CreateKeyAsync("hashed", ["ingest", "read"]);

        var listing = await gateway.Admin.GetStringAsync("/v1/admin/keys");
        var storedHash = await fixture.Database.ScalarAsync<byte[]>("SELECT key_hash FROM tsm.api_keys WHERE id = $1", id);
        var secretInTable = await fixture.Database.ScalarAsync(
            "SELECT count(*) FROM tsm.api_keys k WHERE k::text LIKE '%' || $1 || '%'", secret);

        Assert.Contains("\"hashed\"", listing);
        Assert.DoesNotContain(secret, listing);
        Assert.Equal(SHA256.HashData(Encoding.UTF8.GetBytes(secret)), storedHash);
        Assert.Equal(0, secretInTable);
    }

    [Fact]
    public async Task TheApiRoleCannotReadKeyHashesDirectly()
    {
        await using var connection = new Npgsql.NpgsqlConnection(fixture.Database.ApiConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand("SELECT key_hash FROM tsm.api_keys", connection);

        var error = await Assert.ThrowsAsync<Npgsql.PostgresException>(() => command.ExecuteScalarAsync());

        Assert.Equal(Npgsql.PostgresErrorCodes.InsufficientPrivilege, error.SqlState);
    }

    [Theory]
    [InlineData("""{"scopes": ["read"]}""", "name")]
    [InlineData("""{"name": "x", "scopes": []}""", "scopes")]
    [InlineData("""{"name": "x", "scopes": ["superuser"]}""", "scopes")]
    [InlineData("""{"name": "x", "scopes": ["read"], "queriesPerSecond": 0}""", "queriesPerSecond")]
    public async Task AnInvalidKeyRequestNamesTheField(string body, string field)
    {
        await using var gateway = SecuredGateway.Start(fixture);

        var response = await gateway.Admin.PostJsonAsync("/v1/admin/keys", body);

        await response.AssertRejectedNamingAsync(field);
    }

    [Fact]
    public async Task HealthAndTheApiDescriptionNeedNoKey()
    {
        await using var gateway = SecuredGateway.Start(fixture);

        Assert.Equal(HttpStatusCode.OK, (await gateway.Anonymous.GetAsync("/healthz")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await gateway.Anonymous.GetAsync("/openapi/v1.json")).StatusCode);
    }

    private static async Task<JsonElement> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string detailPart)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var document = JsonDocument.Parse(body);
        Assert.Contains(detailPart, document.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
        return document.RootElement.Clone();
    }
}
