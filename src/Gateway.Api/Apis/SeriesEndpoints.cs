using Microsoft.AspNetCore.Http.HttpResults;
using TSMetrics.Gateway.Api.Answers;
using TSMetrics.Gateway.Api.Queries;
using TSMetrics.Gateway.Api.Security;

namespace TSMetrics.Gateway.Api.Apis;

public static class SeriesEndpoints
{
    public static RouteGroupBuilder MapSeriesEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/series").WithTags("Series");
        group.MapGet("/", GetSeriesAsync)
            .WithName("GetSeries")
            .WithSummary("Buckets of one series per variant over [from, to) at any granularity, with quantiles (q=0.5,0.95) and string values' counts and shares, and distinct users per bucket; format=columns gives per variant one array per statistic (fields= chooses them) for large answers; recent from memory, older from rollups, users from rollups and the journal")
            .ForQueries();
        return group;
    }

    internal static async Task<Results<SeriesAnswer, ValidationProblem>> GetSeriesAsync(
        string? test, string? metric, string? from, string? to, string? granularity, string? variant, string? q, string? format, string? fields,
        SeriesRequestReader requests, SeriesQueryService queries, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        double[]? levels = null;
        if (q is not null && !QuantileLevels.TryParse(q, out levels, out var problem)) errors["q"] = [problem!];
        var shape = SeriesShape.Read(format, fields, errors);
        var request = requests.Read(new("test", "metric", "from", "to"), test, metric, from, to, granularity, variant, errors);
        if (request is null || errors.Count > 0) return TypedResults.ValidationProblem(errors, title: "The query was rejected");
        request = request with { Quantiles = levels, WithUsers = shape.Fields.HasFlag(SeriesFields.Users) };

        return new SeriesAnswer(request, await queries.QueryAsync(request, cancellationToken), shape);
    }
}
