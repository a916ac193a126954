using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using TSMetrics.Gateway.Api.Contracts;

namespace TSMetrics.Gateway.Api.Hosting;

/// <summary>Documents <see cref="PointValue"/> as what its converter writes: a number or a string.</summary>
internal sealed class PointValueSchemaTransformer : IOpenApiSchemaTransformer
{
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        if (context.JsonTypeInfo.Type != typeof(PointValue)) return Task.CompletedTask;
        schema.Type = JsonSchemaType.Number | JsonSchemaType.String;
        schema.Properties?.Clear();
        schema.Description = "A number, or a string for a categorical point (\"paypal\"), as sent.";
        return Task.CompletedTask;
    }
}
