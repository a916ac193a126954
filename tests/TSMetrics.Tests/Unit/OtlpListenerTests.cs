using Microsoft.Extensions.Configuration;
using TSMetrics.Gateway.Api.Otlp;

namespace TSMetrics.Tests.Unit;

/// <summary>The OTLP endpoint is added beside the main API's, however the main API's address was given.</summary>
public sealed class OtlpListenerTests
{
    [Fact]
    public void ConfiguredKestrelEndpointsStayAndTheOtlpOneIsAdded() =>
        Assert.Equal(
            new Dictionary<string, string?> { ["Kestrel:Endpoints:Otlp:Url"] = "http://127.0.0.1:4319" },
            Endpoints(new() { ["Kestrel:Endpoints:Http:Url"] = "http://localhost:5221", ["urls"] = "http://ignored:1" }, new OtlpOptions { Host = "127.0.0.1", Port = 4319 }));

    [Fact]
    public void UrlsOrHttpPortsBecomeEndpointsBecauseKestrelIgnoresThemOnceAnyEndpointIsConfigured()
    {
        var fromUrls = Endpoints(new() { ["urls"] = "http://a:1; http://b:2" }, new OtlpOptions());
        var fromPorts = Endpoints(new() { ["http_ports"] = "8080" }, new OtlpOptions());
        var fromNothing = Endpoints([], new OtlpOptions());

        Assert.Equal(["http://a:1", "http://b:2", "http://*:4318"], fromUrls.OrderBy(e => e.Key).Select(e => e.Value));
        Assert.Equal("http://*:8080", fromPorts["Kestrel:Endpoints:Main0:Url"]);
        Assert.Equal("http://localhost:5000", fromNothing["Kestrel:Endpoints:Main0:Url"]); // ASP.NET Core's own default
    }

    private static Dictionary<string, string?> Endpoints(Dictionary<string, string?> settings, OtlpOptions options) =>
        OtlpHostingExtensions.KestrelEndpoints(new ConfigurationBuilder().AddInMemoryCollection(settings).Build(), options);
}
