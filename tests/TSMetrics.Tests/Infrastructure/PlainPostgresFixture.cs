namespace TSMetrics.Tests.Infrastructure;

/// <summary>The whole system (two silos, the gateway) on plain PostgreSQL 17 without TimescaleDB.</summary>
public sealed class PlainPostgresFixture : ClusterFixture
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => TestDatabase.CreatePlainAsync("tsm_plain");
}
