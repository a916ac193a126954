using Google.Protobuf;
using TSMetrics.Gateway.Api.Ingest;
using TSMetrics.Gateway.Api.Limits;
using OpenTelemetry.Proto.Collector.Metrics.V1;
using TSMetrics.Gateway.Api.Otlp.Proto;

namespace TSMetrics.Gateway.Api.Otlp;

/// <summary>
/// An OTLP/HTTP answer, as the specification has it: ExportMetricsServiceResponse on success (partial_success
/// when points were rejected), a google.rpc.Status otherwise, in the request's encoding, with Retry-After
/// on 429 and 503 (the answers an exporter retries).
/// </summary>
internal sealed class OtlpResult(OtlpEncoding encoding, int statusCode, IMessage body, TimeSpan retryAfter = default) : IResult
{
    // google.rpc.Code values.
    internal const int InvalidArgument = 3;
    internal const int FailedPrecondition = 9;
    internal const int ResourceExhausted = 8;
    internal const int Unavailable = 14;

    public int StatusCode => statusCode;

    public IMessage Body => body;

    public static OtlpResult Success(OtlpEncoding encoding, OtlpRejections rejected) =>
        new(encoding, StatusCodes.Status200OK, rejected.Count == 0
            ? new ExportMetricsServiceResponse()
            : new ExportMetricsServiceResponse
            {
                PartialSuccess = new ExportMetricsPartialSuccess { RejectedDataPoints = rejected.Count, ErrorMessage = rejected.Message() },
            });

    public static OtlpResult Error(OtlpEncoding encoding, int statusCode, int code, string message, TimeSpan retryAfter = default) =>
        new(encoding, statusCode, new Status { Code = code, Message = message }, retryAfter);

    /// <summary>The pipeline's refusal as OTLP sees it: the same status codes as every other door, a Status body.</summary>
    public static OtlpResult Of(OtlpEncoding encoding, IngestOutcome outcome) => outcome.Status switch
    {
        IngestStatus.Invalid => Error(encoding, StatusCodes.Status400BadRequest, InvalidArgument, InvalidMessage(outcome)),
        IngestStatus.TooLarge => Error(encoding, StatusCodes.Status413PayloadTooLarge, InvalidArgument, outcome.Detail!),
        IngestStatus.RateLimited => Error(encoding, StatusCodes.Status429TooManyRequests, ResourceExhausted, outcome.Detail!, outcome.RetryAfter),
        IngestStatus.CardinalityExceeded when outcome.RetryAfter > TimeSpan.Zero =>
            Error(encoding, StatusCodes.Status429TooManyRequests, ResourceExhausted, outcome.Detail!, outcome.RetryAfter),
        IngestStatus.CardinalityExceeded or IngestStatus.Refused =>
            Error(encoding, StatusCodes.Status422UnprocessableEntity, FailedPrecondition, outcome.Detail!),
        _ => Error(encoding, StatusCodes.Status503ServiceUnavailable, Unavailable, outcome.Detail!, TimeSpan.FromSeconds(1)),
    };

    public Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = statusCode;
        if (retryAfter > TimeSpan.Zero) LimitProblems.SetRetryAfter(httpContext, retryAfter);
        response.ContentType = OtlpEncodings.ContentType(encoding);
        if (encoding == OtlpEncoding.Json) return response.WriteAsync(JsonFormatter.Default.Format(body), httpContext.RequestAborted);
        return response.Body.WriteAsync(body.ToByteArray(), httpContext.RequestAborted).AsTask();
    }

    private static string InvalidMessage(IngestOutcome outcome)
    {
        var problems = outcome.Errors?.Reported.Select(error => $"{error.Key}: {string.Join(" ", error.Value)}") ?? [];
        return $"The export was rejected and nothing was stored: {string.Join("; ", problems)}";
    }
}
