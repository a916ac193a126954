using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace TSMetrics.Tests.Api;

/// <summary>Small helpers to talk JSON to the gateway the way a client would.</summary>
public static class ApiJson
{
    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient http, string url, string json) =>
        http.PostAsync(url, new StringContent(json, Encoding.UTF8, "application/json"));

    public static async Task<JsonElement> ReadJsonAsync(this HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    public static async Task<JsonElement> GetJsonAsync(this HttpClient http, string url)
    {
        var response = await http.GetAsync(url);
        Assert.True(response.IsSuccessStatusCode, $"GET {url} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return await response.ReadJsonAsync();
    }

    /// <summary>Asserts a 400 ProblemDetails whose errors name <paramref name="field"/>.</summary>
    public static async Task AssertRejectedNamingAsync(this HttpResponseMessage response, string field)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.BadRequest, $"expected 400, got {(int)response.StatusCode}: {body}");
        using var document = JsonDocument.Parse(body);
        Assert.True(document.RootElement.GetProperty("errors").TryGetProperty(field, out _), $"no error on {field}: {body}");
    }

    public static string Iso(DateTime time) => time.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ss.ffffffZ");

    public static string ToJson<T>(T value) => JsonSerializer.Serialize(value, JsonSerializerOptions.Web);

    public static Task<HttpResponseMessage> PutJsonAsync<T>(this HttpClient http, string url, T body) => http.PutAsJsonAsync(url, body);
}
