using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;
using TSMetrics.Silo.Storage;

namespace TSMetrics.Silo.Health;

/// <summary>Ready only while the database answers and holds every migration this silo ships: one query checks both.</summary>
internal sealed class MigrationsHealthCheck(NpgsqlDataSource dataSource) : IHealthCheck
{
    private readonly int _latest = DatabaseMigrator.LatestVersion();

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var command = dataSource.CreateCommand(DatabaseMigrator.SelectLatestApplied);
            var applied = Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken));
            return applied >= _latest
                ? HealthCheckResult.Healthy($"Schema at migration {applied}.")
                : HealthCheckResult.Unhealthy($"Schema at migration {applied}; this silo needs {_latest}.");
        }
        catch (Exception exception) when (exception is NpgsqlException or TimeoutException or System.Net.Sockets.SocketException)
        {
            return HealthCheckResult.Unhealthy("The database does not answer.", exception);
        }
    }
}
