using System.Text.Json;
using TSMetrics.Statistics.Quantiles;

namespace TSMetrics.Gateway.Api.Answers;

/// <summary>The names of the quantile levels asked for (<see cref="QuantileAnalysis.NameOf"/>), encoded once per answer.</summary>
public sealed class QuantileNames
{
    private readonly JsonEncodedText[] _names;

    public QuantileNames(double[] levels)
    {
        _names = Array.ConvertAll(levels, level => JsonEncodedText.Encode(QuantileAnalysis.NameOf(level)));
        HasDuplicates = _names.Select(n => n.Value).Distinct(StringComparer.Ordinal).Count() < _names.Length;
    }

    /// <summary>Whether two levels share a name (0.5 and 0.50): answers then keep one of them.</summary>
    public bool HasDuplicates { get; }

    public int Length => _names.Length;

    public JsonEncodedText this[int index] => _names[index];

    /// <summary>The last level with the name of level <paramref name="index"/>.</summary>
    public int LastIndexOf(int index) => Array.FindLastIndex(_names, n => n.Equals(_names[index]));
}
