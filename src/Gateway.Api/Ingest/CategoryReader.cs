using System.Text.Json;

namespace TSMetrics.Gateway.Api.Ingest;

/// <summary>
/// Reads string (categorical) values of one request: a handful of categories repeat across thousands of
/// points, so each is decoded once and shared (as <see cref="NameCache"/> does for names), and every string
/// is checked before it is stored.
/// </summary>
internal sealed class CategoryReader(int maxLength)
{
    private readonly NameCache _seen = new();

    /// <summary>The category, or null after adding the reason to <paramref name="errors"/>.</summary>
    public string? Read(ref Utf8JsonReader reader, FieldPath path, IngestErrors errors)
    {
        string category;
        try
        {
            category = _seen.Get(ref reader);
        }
        catch (InvalidOperationException)
        {
            errors.Add(path.Text, "has an unpaired surrogate escape (\\ud800-\\udfff); send valid Unicode.");
            return null;
        }

        if (Check(category, maxLength) is not { } problem) return category;
        errors.Add(path.Text, problem);
        return null;
    }

    /// <summary>Null when the string value is fine, otherwise why it is not.</summary>
    public static string? Check(string category, int maxLength)
    {
        if (category.Length == 0) return "is an empty string; a string value needs at least one character.";
        if (category.Length > maxLength) return $"is a string of {category.Length} characters; string values are at most {maxLength} long.";
        var blank = true;
        foreach (var c in category)
        {
            // Control characters (NUL, newlines, tabs, escapes) break storage, logs and the dashboard's labels.
            if (char.IsControl(c)) return $"contains the control character U+{(int)c:X4}; string values are printable text.";
            blank &= char.IsWhiteSpace(c);
        }

        return blank ? "is only whitespace; a string value needs a visible character." : null;
    }
}
