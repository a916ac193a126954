using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Options;
using TSMetrics.Gateway.Api.Contracts;
using TSMetrics.Gateway.Api.Queries;
using TSMetrics.Grains.Interfaces;

namespace TSMetrics.Gateway.Api.Answers;

/// <summary>
/// The 200 answer of GET /v1/series, written straight from the query's buckets: in the default shape exactly
/// what the serializer writes for <see cref="SeriesResponse"/> (which stays its documented contract), or as
/// columns. Writing per bucket objects and dictionaries first cost more than the query of a 30-day answer.
/// </summary>
public sealed class SeriesAnswer(SeriesRequest request, SeriesResult result, SeriesShape shape) : IResult, IEndpointMetadataProvider
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json; charset=utf-8";
        var encoder = httpContext.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions.Encoder;
        await using var json = new Utf8JsonWriter(response.BodyWriter, new JsonWriterOptions { Encoder = encoder });
        await WriteAsync(new AnswerSpill(json, response.BodyWriter), httpContext.RequestAborted);
        await json.FlushAsync(httpContext.RequestAborted);
    }

    /// <summary>Writes the whole answer through <paramref name="spill"/>.</summary>
    public async Task WriteAsync(AnswerSpill spill, CancellationToken cancellationToken)
    {
        var json = spill.Json;
        var levels = request.Quantiles;
        var names = levels is null ? null : new QuantileNames(levels);
        json.WriteStartObject();
        json.WriteString("test", request.Key.Test);
        json.WriteString("metric", request.Key.Metric);
        if (result.Unit is not null) json.WriteString("unit", result.Unit);
        json.WriteString("granularity", Granularity.Format(request.GranularityMicros));
        json.WriteString("from", UnixTime.FromMicros(request.FromMicros));
        json.WriteString("to", UnixTime.FromMicros(request.ToMicros));
        json.WriteStartArray("variants");
        foreach (var (variant, buckets) in result.Variants)
        {
            json.WriteStartObject();
            json.WriteString(SeriesNames.Variant, variant);
            var runs = result.Cached?.GetValueOrDefault(variant);
            if (shape.Columns) await SeriesColumnsWriter.WriteAsync(spill, buckets, runs, levels, names, shape.Fields, cancellationToken);
            else
            {
                json.WriteStartArray(SeriesNames.Buckets);
                await SeriesBucketsWriter.WriteAsync(spill, buckets, runs, levels, names, cancellationToken);
                json.WriteEndArray();
            }
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(SeriesResponse), ["application/json"]));
}
