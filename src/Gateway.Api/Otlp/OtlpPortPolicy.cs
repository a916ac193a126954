using Microsoft.AspNetCore.Routing.Matching;
using Microsoft.Extensions.Options;

namespace TSMetrics.Gateway.Api.Otlp;

/// <summary>
/// Keeps the OTLP port and the main API apart: on the OTLP port only the OTLP route matches, elsewhere it
/// never does. Both have a POST /v1/metrics (the predecessors' plain-metric door is on the main port), and
/// the local port of the connection decides which one a request reaches, whatever its Host header says.
/// </summary>
internal sealed class OtlpPortPolicy(IOptions<OtlpOptions> options) : MatcherPolicy, IEndpointSelectorPolicy
{
    public override int Order => 0;

    public bool AppliesToEndpoints(IReadOnlyList<Endpoint> endpoints) => options.Value.Enabled;

    public Task ApplyAsync(HttpContext httpContext, CandidateSet candidates)
    {
        var onOtlpPort = httpContext.Connection.LocalPort == options.Value.Port;
        for (var i = 0; i < candidates.Count; i++)
        {
            if (!candidates.IsValidCandidate(i)) continue;
            var isOtlp = candidates[i].Endpoint?.Metadata.GetMetadata<OtlpEndpointMetadata>() is not null;
            if (isOtlp != onOtlpPort) candidates.SetValidity(i, false);
        }

        return Task.CompletedTask;
    }
}
