namespace TSMetrics.CsvLoader;

/// <summary>
/// The idempotency keys of batches the server acknowledged, kept in a file so that a rerun (after a crash,
/// or days later, past the server's dedupe window) skips them instead of counting them again.
/// </summary>
public sealed class LoadState : IDisposable
{
    private readonly HashSet<string> _loaded = new(StringComparer.Ordinal);
    private readonly StreamWriter? _writer;
    private readonly Lock _gate = new();

    public LoadState(string? path)
    {
        if (path is null) return;
        if (File.Exists(path))
            foreach (var line in File.ReadLines(path))
                if (line.Length > 0) _loaded.Add(line);
        _writer = new StreamWriter(path, append: true) { AutoFlush = true };
    }

    public bool Contains(string key)
    {
        lock (_gate) return _loaded.Contains(key);
    }

    public void Add(string key)
    {
        lock (_gate)
        {
            if (_loaded.Add(key)) _writer?.WriteLine(key);
        }
    }

    public void Dispose() => _writer?.Dispose();
}
