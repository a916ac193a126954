using System.IO.Pipelines;
using System.Text.Json;

namespace TSMetrics.Gateway.Api.Answers;

/// <summary>Hands a large answer to the response as it is written, so it is never held whole (no body: a buffer keeps it all).</summary>
public sealed class AnswerSpill(Utf8JsonWriter json, PipeWriter? body)
{
    /// <summary>Values written between two looks at what is pending.</summary>
    public const int Every = 256;

    private const int Threshold = 32 * 1024;

    private long _sent;

    public Utf8JsonWriter Json => json;

    // The writer hands full buffers to the pipe by itself (BytesCommitted); only a flush sends them.
    public async ValueTask MaybeAsync(CancellationToken cancellationToken)
    {
        if (body is null || json.BytesCommitted + json.BytesPending - _sent < Threshold) return;
        json.Flush();
        _sent = json.BytesCommitted;
        await body.FlushAsync(cancellationToken);
    }
}
