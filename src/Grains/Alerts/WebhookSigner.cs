using System.Security.Cryptography;
using System.Text;

namespace TSMetrics.Grains.Alerts;

/// <summary>
/// Signs deliveries: <c>X-TSMetrics-Signature: sha256=&lt;hex&gt;</c>, the HMAC-SHA256 of the exact body bytes
/// with the hook's secret (as UTF-8), lower-case hex. Receivers recompute it and compare in constant time.
/// </summary>
public static class WebhookSigner
{
    public const string SignatureHeader = "X-TSMetrics-Signature";
    public const string EventHeader = "X-TSMetrics-Event";

    public static string Sign(string secret, ReadOnlySpan<byte> body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    /// <summary>A new secret: 256 random bits.</summary>
    public static string NewSecret() => "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
