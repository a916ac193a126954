using Orleans.TestingHost;
using TSMetrics.Grains.Interfaces;
using TSMetrics.Silo.Hosting;

namespace TSMetrics.Tests.Infrastructure;

/// <summary>Configures test silos exactly as the Silo host does, against the test database.</summary>
public sealed class TestSiloConfigurator : ISiloConfigurator
{
    public void Configure(ISiloBuilder siloBuilder)
    {
        siloBuilder.Services.AddTsMetricsDatabase(siloBuilder.Configuration);
        siloBuilder.AddTsMetricsGrains();
        siloBuilder.AddMemoryGrainStorage(StreamNames.PubSubStore); // the test cluster brings its own membership
    }
}
