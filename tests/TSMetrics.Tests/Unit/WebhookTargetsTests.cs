using System.Text;
using TSMetrics.Grains.Alerts;

namespace TSMetrics.Tests.Unit;

public sealed class WebhookTargetsTests
{
    [Theory]
    [InlineData("http://127.0.0.1:8080/hook", null)]
    [InlineData("https://hooks.example.com/x", null)]
    [InlineData("https://HOOKS.EXAMPLE.COM/x", null)]
    [InlineData("https://a.b.example.org/x", null)]
    [InlineData("https://example.org/x", "not in")]
    [InlineData("https://evil.com/?h=hooks.example.com", "not in")]
    [InlineData("https://hooks.example.com.evil.com/", "not in")]
    [InlineData("file:///etc/passwd", "http or https")]
    [InlineData("/relative", "http or https")]
    [InlineData("https://me:pw@hooks.example.com/", "user name")]
    public void OnlyHttpUrlsOfAllowedHostsMayBeTargets(string url, string? problem)
    {
        var result = WebhookTargets.Check(url, ["127.0.0.1", "hooks.example.com", "*.example.org"]);
        if (problem is null) Assert.Null(result);
        else Assert.Contains(problem, result);
    }

    [Fact]
    public void AnEmptyAllowListRefusesEveryHost() =>
        Assert.Contains("no webhook hosts are allowed yet", WebhookTargets.Check("http://127.0.0.1/", []));

    [Fact]
    public void TheSignatureIsTheHmacSha256OfTheBodyInHex()
    {
        // RFC 4231, test case 2.
        Assert.Equal("sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
            WebhookSigner.Sign("Jefe", Encoding.UTF8.GetBytes("what do ya want for nothing?")));
    }

    [Fact]
    public void SecretsAreLongRandomAndNeverInAHooksText()
    {
        var secret = WebhookSigner.NewSecret();
        Assert.NotEqual(secret, WebhookSigner.NewSecret());
        Assert.True(secret.Length >= 40);
        Assert.DoesNotContain(secret, new Webhook(1, "t", "http://127.0.0.1/", secret, DateTime.UtcNow).ToString());
        Assert.DoesNotContain(secret, new PendingDelivery(new Webhook(1, "t", "http://127.0.0.1/", secret, DateTime.UtcNow), Guid.NewGuid(), "{}", 0, DateTime.UtcNow).ToString());
    }
}
