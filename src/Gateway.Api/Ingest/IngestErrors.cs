namespace TSMetrics.Gateway.Api.Ingest;

/// <summary>Problems found in a request, by field path, capped so a huge bad batch stays a small answer.</summary>
internal sealed class IngestErrors(int maxReported)
{
    private readonly Dictionary<string, string[]> _errors = new(StringComparer.Ordinal);

    public int Count { get; private set; }

    public bool HasErrors => Count > 0;

    public IDictionary<string, string[]> Reported => _errors;

    public void Add(string field, string problem)
    {
        Count++;
        if (_errors.Count >= maxReported) return;
        _errors[field] = _errors.TryGetValue(field, out var existing) ? [.. existing, problem] : [problem];
    }
}
