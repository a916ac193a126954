using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace TSMetrics.Silo.Health;

/// <summary>The silo's small HTTP endpoint: /healthz, /readyz and, when enabled, the Orleans Dashboard.</summary>
public sealed class SiloHttpOptions
{
    public const string SectionName = "TSMetrics:Silo";

    /// <summary>
    /// Port of the silo's HTTP endpoint, on every address. Default 0: a free port on loopback only (logged at
    /// start), so several silos on one machine never collide; set it to probe the silo from outside. 0 to 65535.
    /// </summary>
    [Range(0, 65535)]
    public int HttpPort { get; set; }

    /// <summary>Serve the Orleans Dashboard at /dashboard on the HTTP endpoint. Default false: it is open to anyone who reaches the port.</summary>
    public bool Dashboard { get; set; }
}

[OptionsValidator]
public sealed partial class SiloHttpOptionsValidator : IValidateOptions<SiloHttpOptions>;
