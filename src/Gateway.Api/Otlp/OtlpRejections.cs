using System.Text;

namespace TSMetrics.Gateway.Api.Otlp;

/// <summary>The data points of one export that were not stored, by reason: the answer's partial_success.</summary>
internal sealed class OtlpRejections
{
    private readonly Dictionary<string, int> _byReason = new(StringComparer.Ordinal);

    public int Count { get; private set; }

    public void Add(string reason, int points = 1)
    {
        if (points <= 0) return;
        Count += points;
        _byReason[reason] = _byReason.GetValueOrDefault(reason) + points;
    }

    /// <summary>"3 data point(s) rejected: histograms are not stored yet (2); ... (1)".</summary>
    public string Message()
    {
        var message = new StringBuilder().Append(Count).Append(" data point(s) rejected: ");
        var first = true;
        foreach (var (reason, count) in _byReason)
        {
            if (!first) message.Append("; ");
            message.Append(reason).Append(" (").Append(count).Append(')');
            first = false;
        }

        return message.ToString();
    }
}
