using System.IO.Compression;
using Microsoft.AspNetCore.Http.Features;

namespace TSMetrics.Gateway.Api.Otlp;

/// <summary>
/// Reads an export body into a pooled buffer, through gzip when the request says so. The size limit holds
/// for the bytes after decompression and reading stops there, so a small zip bomb costs at most the limit.
/// </summary>
internal static class OtlpBodyReader
{
    /// <summary>The body's length, or -1 when it is over <paramref name="maxBytes"/>. The caller returns <paramref name="buffer"/> to the pool.</summary>
    public static async Task<int> ReadAsync(HttpRequest request, bool gzip, int maxBytes, ArrayPoolBuffer buffer, CancellationToken cancellationToken)
    {
        if (request.ContentLength > maxBytes) return -1;
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeFeature)
            sizeFeature.MaxRequestBodySize = maxBytes + 1L;

        await using var body = gzip ? new GZipStream(request.Body, CompressionMode.Decompress, leaveOpen: true) : null;
        var source = body ?? request.Body;
        var size = 0;
        while (true)
        {
            if (size == buffer.Array.Length)
            {
                if (size > maxBytes) return -1;
                buffer.Grow(Math.Min(buffer.Array.Length * 2, maxBytes + 1), size);
            }

            var read = await source.ReadAsync(buffer.Array.AsMemory(size), cancellationToken);
            if (read == 0) return size > maxBytes ? -1 : size;
            size += read;
        }
    }
}
