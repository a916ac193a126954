using Microsoft.Extensions.Options;

namespace TSMetrics.Client;

[OptionsValidator]
internal sealed partial class TsMetricsClientOptionsValidator : IValidateOptions<TsMetricsClientOptions>;
