using Microsoft.AspNetCore.Http.HttpResults;
using TSMetrics.Gateway.Api.Contracts;
using TSMetrics.Gateway.Api.Queries;
using TSMetrics.Grains.Interfaces;
using TSMetrics.Gateway.Api.Security;

namespace TSMetrics.Gateway.Api.Apis;

public static class SeriesEndpoints
{
    public static RouteGroupBuilder MapSeriesEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/series").WithTags("Series");
        group.MapGet("/", GetSeriesAsync)
            .WithName("GetSeries")
            .WithSummary("Buckets of one series per variant over [from, to) at any granularity, with quantiles (q=0.5,0.95) and string values' counts and shares; recent from memory, older from rollups")
            .ForQueries();
        return group;
    }

    internal static async Task<Results<Ok<SeriesResponse>, ValidationProblem>> GetSeriesAsync(
        string? test, string? metric, string? from, string? to, string? granularity, string? variant, string? q,
        SeriesRequestReader requests, SeriesQueryService queries, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        double[]? levels = null;
        if (q is not null && !QuantileLevels.TryParse(q, out levels, out var problem)) errors["q"] = [problem!];
        var request = requests.Read(new("test", "metric", "from", "to"), test, metric, from, to, granularity, variant, errors);
        if (request is null || errors.Count > 0) return TypedResults.ValidationProblem(errors, title: "The query was rejected");
        request = request with { Quantiles = levels };

        var result = await queries.QueryAsync(request, cancellationToken);
        var variants = new List<VariantBuckets>(result.Variants.Count);
        foreach (var (name, buckets) in result.Variants)
        {
            variants.Add(new VariantBuckets(name, buckets.ConvertAll(b => b.Count == 0
                ? new BucketDto(b.StartMicros / UnixTime.MicrosPerSecond, 0, null, null, null, 0, Categories: CategoryCounts.Shares(b.Categories))
                : new BucketDto(b.StartMicros / UnixTime.MicrosPerSecond, b.Count, b.Average, b.Min, b.Max, b.Sum,
                    QuantileLevels.Named(levels, b.Quantiles), CategoryCounts.Shares(b.Categories)))));
        }

        return TypedResults.Ok(new SeriesResponse(
            request.Key.Test, request.Key.Metric, result.Unit, Granularity.Format(request.GranularityMicros),
            UnixTime.FromMicros(request.FromMicros), UnixTime.FromMicros(request.ToMicros), variants));
    }
}
