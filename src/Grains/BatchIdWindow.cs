namespace TSMetrics.Grains;

/// <summary>
/// The batch ids a series stored recently, so that a retried batch is acknowledged without being stored
/// twice. Ids older than the window are forgotten, oldest first, which bounds memory.
/// </summary>
public sealed class BatchIdWindow(long windowMicros)
{
    private readonly Dictionary<string, long> _stored = new(StringComparer.Ordinal);
    private readonly Queue<(string Id, long At)> _order = new();

    public int Count => _stored.Count;

    public bool Contains(string id) => _stored.ContainsKey(id);

    public void Add(string id, long atMicros, long nowMicros)
    {
        if (_stored.TryAdd(id, atMicros)) _order.Enqueue((id, atMicros));
        Expire(nowMicros);
    }

    private void Expire(long nowMicros)
    {
        while (_order.TryPeek(out var oldest) && oldest.At < nowMicros - windowMicros)
        {
            _order.Dequeue();
            _stored.Remove(oldest.Id);
        }
    }
}
