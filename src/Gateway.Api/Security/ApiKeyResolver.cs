using System.Security.Cryptography;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace TSMetrics.Gateway.Api.Security;

/// <summary>
/// Turns a presented secret into a caller: the bootstrap admin key from configuration, or a stored key.
/// Lookups are cached for <see cref="SecurityOptions.KeyCacheDuration"/> (misses briefly too, so a client
/// hammering with a wrong key costs no database round trip per request).
/// </summary>
public sealed class ApiKeyResolver : IDisposable
{
    private static readonly TimeSpan MissCacheDuration = TimeSpan.FromSeconds(5);
    private static readonly object Missing = new();

    private readonly ApiKeyStore _store;
    private readonly SecurityOptions _options;
    private readonly byte[]? _bootstrapHash;
    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = 100_000 });

    public ApiKeyResolver(ApiKeyStore store, IOptions<SecurityOptions> options)
    {
        _store = store;
        _options = options.Value;
        _bootstrapHash = string.IsNullOrEmpty(_options.BootstrapAdminKey) ? null : ApiKeySecret.Hash(_options.BootstrapAdminKey);
    }

    public static ApiCaller Bootstrap { get; } = new("bootstrap", "bootstrap admin key", ApiScopes.All, null, null);

    public async ValueTask<ApiCaller?> ResolveAsync(string secret, CancellationToken cancellationToken)
    {
        var hash = ApiKeySecret.Hash(secret);
        if (_bootstrapHash is not null && CryptographicOperations.FixedTimeEquals(hash, _bootstrapHash)) return Bootstrap;

        var cacheKey = Convert.ToHexString(hash);
        if (_cache.TryGetValue(cacheKey, out var cached)) return cached as ApiCaller;
        var caller = await _store.FindAsync(hash, cancellationToken);
        _cache.Set(cacheKey, (object?)caller ?? Missing, new MemoryCacheEntryOptions
        {
            Size = 1,
            AbsoluteExpirationRelativeToNow = caller is null ? MissCacheDuration : _options.KeyCacheDuration,
        });
        return caller;
    }

    /// <summary>Forgets every cached lookup, so a revocation takes effect on this gateway at once.</summary>
    public void Forget() => _cache.Clear();

    public void Dispose() => _cache.Dispose();
}
