using TSMetrics.Gateway.Api.Limits;
using TSMetrics.Gateway.Api.Security;

namespace TSMetrics.Tests.Unit;

public sealed class SecurityOptionsTests
{
    [Fact]
    public void AShortBootstrapKeyStopsTheGatewayAtStart()
    {
        var result = new SecurityOptionsValidator().Validate(null, new SecurityOptions { BootstrapAdminKey = "too-short" });

        Assert.True(result.Failed);
        Assert.Contains("BootstrapAdminKey", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void KeysRequiredIsTheDefault() => Assert.True(new SecurityOptions().RequireApiKeys);

    [Fact]
    public void NewSecretsAreLongRandomAndHashToTheStoredForm()
    {
        var first = ApiKeySecret.Create();
        var second = ApiKeySecret.Create();

        Assert.StartsWith("tsm_", first, StringComparison.Ordinal);
        Assert.True(first.Length >= 40, first);
        Assert.NotEqual(first, second);
        Assert.Equal(32, ApiKeySecret.Hash(first).Length);
        Assert.Equal(ApiKeySecret.Hash(first), ApiKeySecret.Hash(first));
    }

    [Fact]
    public void ARateOfZeroIsRefusedAtStart()
    {
        var result = new RateLimitOptionsValidator().Validate(null, new RateLimitOptions { QueriesPerSecond = 0 });

        Assert.True(result.Failed);
    }
}
