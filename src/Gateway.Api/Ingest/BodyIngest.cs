using System.Buffers;
using Microsoft.AspNetCore.Http.Features;

namespace TSMetrics.Gateway.Api.Ingest;

/// <summary>
/// The front half shared by every front door that posts a body: read it into a pooled buffer (capped at
/// MaxBodyBytes, 413 beyond), hand it to the door's <see cref="BodyParser"/>, then to the pipeline.
/// </summary>
internal sealed class BodyIngest(IngestPipeline pipeline)
{
    public async Task<IngestOutcome> IngestAsync(HttpRequest request, BodyParser parser, CancellationToken cancellationToken)
    {
        var limits = pipeline.Limits;
        var caller = IngestPipeline.CallerOf(request.HttpContext);
        if (request.ContentLength > limits.MaxBodyBytes) return pipeline.TooLarge();
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeFeature)
            sizeFeature.MaxRequestBodySize = limits.MaxBodyBytes + 1L;

        var buffer = ArrayPool<byte>.Shared.Rent(request.ContentLength is > 0 and var length ? (int)length : 16 * 1024);
        try
        {
            var size = 0;
            while (true)
            {
                if (size == buffer.Length)
                {
                    if (size > limits.MaxBodyBytes) return pipeline.TooLarge();
                    var larger = ArrayPool<byte>.Shared.Rent(Math.Min(buffer.Length * 2, limits.MaxBodyBytes + 1));
                    buffer.AsSpan(0, size).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                var read = await request.Body.ReadAsync(buffer.AsMemory(size), cancellationToken);
                if (read == 0) break;
                size += read;
            }

            if (size > limits.MaxBodyBytes) return pipeline.TooLarge();
            var batch = new ParsedBatch();
            var errors = new IngestErrors(limits.MaxReportedErrors);
            parser(buffer.AsSpan(0, size), limits, batch, errors);
            return await pipeline.IngestAsync(caller, batch, errors, request.Headers["Idempotency-Key"].ToString(), cancellationToken);
        }
        catch (BadHttpRequestException exception) when (exception.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return pipeline.TooLarge();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
