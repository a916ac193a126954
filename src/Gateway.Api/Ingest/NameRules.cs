namespace TSMetrics.Gateway.Api.Ingest;

/// <summary>
/// What a test, metric or variant name may be: letters, digits and <c>_ - . :</c>, starting with a letter
/// or digit. Narrow on purpose: names appear in URLs, grain keys ('/' separates test and metric) and logs.
/// </summary>
internal static class NameRules
{
    public const string Allowed = "letters, digits, '_', '-', '.' and ':', starting with a letter or digit";

    /// <summary>Null when the name is fine, otherwise why it is not.</summary>
    public static string? Check(string name, int maxLength)
    {
        if (name.Length == 0) return "must not be empty.";
        if (name.Length > maxLength) return $"is {name.Length} characters long; at most {maxLength} are allowed.";
        if (!char.IsAsciiLetterOrDigit(name[0])) return $"must start with a letter or digit (allowed: {Allowed}).";
        foreach (var c in name)
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('_' or '-' or '.' or ':'))
                return $"contains '{(char.IsControl(c) ? '?' : c)}' (U+{(int)c:X4}); allowed: {Allowed}.";
        return null;
    }
}
