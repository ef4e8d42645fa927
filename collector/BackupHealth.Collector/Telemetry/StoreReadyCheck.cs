using BackupHealth.Collector.Store;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace BackupHealth.Collector.Telemetry;

/// <summary>Ready means the store takes writes: the writer runs (it starts only after the migrations are applied) and
/// one empty transaction goes through it, which takes SQLite's write lock (Microsoft.Data.Sqlite begins IMMEDIATE).
/// A stuck writer or a database that cannot be written then shows as not ready.</summary>
internal sealed class StoreReadyCheck(StoreWriter writer) : IHealthCheck
{
    public const string Name = "store";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!writer.IsRunning)
        {
            return HealthCheckResult.Unhealthy("the store is not open: starting, stopping, or it could not be opened");
        }

        try
        {
            await writer.ExecuteAsync(_ => true, cancellationToken);
            return HealthCheckResult.Healthy("the store is open and takes writes");
        }
        catch (StoreUnavailableException ex)
        {
            return HealthCheckResult.Unhealthy("the store does not take writes", ex);
        }
    }
}
