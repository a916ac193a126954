using System.Globalization;
using TSMetrics.Gateway.Api.Queries;

namespace TSMetrics.Gateway.Api.Apis;

/// <summary>skip/limit from the query string, checked against the configured caps.</summary>
internal static class Paging
{
    public static (int Skip, int Limit) Read(string? skip, string? limit, QueryOptions options, Dictionary<string, string[]> errors)
    {
        var offset = 0;
        if (skip is not null && (!int.TryParse(skip, NumberStyles.None, CultureInfo.InvariantCulture, out offset) || offset < 0))
            errors["skip"] = ["must be a whole number, 0 or more."];
        var pageSize = options.DefaultLimit;
        if (limit is not null && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out pageSize) || pageSize < 1))
            errors["limit"] = ["must be a whole number, 1 or more."];
        else if (pageSize > options.MaxLimit)
            errors["limit"] = [$"must be at most {options.MaxLimit}."];
        return (offset, pageSize);
    }
}
