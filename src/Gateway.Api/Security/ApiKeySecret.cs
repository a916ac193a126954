using System.Security.Cryptography;
using System.Text;

namespace TSMetrics.Gateway.Api.Security;

/// <summary>Makes new key secrets and the hashes that are stored instead of them.</summary>
public static class ApiKeySecret
{
    private const string Marker = "tsm_";

    /// <summary>A new secret: "tsm_" and 256 random bits, base64url. Shown once, never stored.</summary>
    public static string Create() => Marker + Base64Url(RandomNumberGenerator.GetBytes(32));

    /// <summary>
    /// SHA-256 of the secret. A fast hash is right here: secrets are random, so there is nothing to guess,
    /// and a slow hash would cost every request.
    /// </summary>
    public static byte[] Hash(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));

    /// <summary>The first characters, kept so that people can tell their keys apart in listings.</summary>
    public static string Prefix(string secret) => secret.Length <= 12 ? secret : secret[..12];

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
