namespace TSMetrics.Gateway.Api.Answers;

/// <summary>
/// How GET /v1/series writes its answer: <c>format=buckets</c> (the default: one object per bucket) or
/// <c>format=columns</c> (per variant one array per statistic, for large answers), with <c>fields=</c>
/// choosing the statistics of the columns.
/// </summary>
public readonly record struct SeriesShape(bool Columns, SeriesFields Fields)
{
    public const string Expected = "buckets (the default) or columns";

    private static readonly (string Name, SeriesFields Field)[] Names =
    [
        ("count", SeriesFields.Count), ("avg", SeriesFields.Avg), ("min", SeriesFields.Min), ("max", SeriesFields.Max), ("sum", SeriesFields.Sum),
        ("users", SeriesFields.Users), ("quantiles", SeriesFields.Quantiles), ("categories", SeriesFields.Categories),
    ];

    public static readonly SeriesShape Buckets = new(false, SeriesFields.All);

    /// <summary>Reads <c>format</c> and <c>fields</c>, or adds the error of the parameter that is wrong.</summary>
    public static SeriesShape Read(string? format, string? fields, Dictionary<string, string[]> errors)
    {
        var columns = false;
        if (format is not null && !(columns = format == "columns") && format != "buckets")
            errors["format"] = [$"'{format}' is not a format: {Expected}."];
        if (fields is null) return new(columns, SeriesFields.All);
        if (!columns)
        {
            errors["fields"] = ["applies to format=columns only."];
            return Buckets;
        }

        var chosen = SeriesFields.None;
        var parts = fields.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0) errors["fields"] = ["must list fields, as in fields=count,avg."];
        foreach (var part in parts)
        {
            if (part == "t") continue;
            var at = Array.FindIndex(Names, n => n.Name == part);
            if (at < 0)
            {
                errors["fields"] = [$"'{part}' is not a field: t, {string.Join(", ", Names.Select(n => n.Name))}."];
                return Buckets;
            }

            chosen |= Names[at].Field;
        }

        return new(true, chosen);
    }
}
