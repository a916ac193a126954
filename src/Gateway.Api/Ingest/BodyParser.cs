namespace TSMetrics.Gateway.Api.Ingest;

/// <summary>
/// A front door's format: turns a request body into points of <paramref name="batch"/>, and everything
/// wrong with it into <paramref name="errors"/> (by the field path the client knows). Parsers do no I/O.
/// </summary>
internal delegate void BodyParser(ReadOnlySpan<byte> body, IngestOptions options, ParsedBatch batch, IngestErrors errors);
