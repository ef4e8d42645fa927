using BackupHealth.Collector.Store;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace BackupHealth.Collector.Telemetry;

/// <summary>Ready means the store takes writes (<see cref="IStoreReadiness"/>): for SQLite, the writer runs, the
/// database passed its integrity check at start, and a small write that must reach the disk commits through the
/// writer, sharing the group commit with ingest — so when ingest cannot commit, neither can it.</summary>
internal sealed class StoreReadyCheck(IStoreReadiness store) : IHealthCheck
{
    public const string Name = "store";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        await store.ProblemAsync(cancellationToken) is { } problem
            ? HealthCheckResult.Unhealthy(problem)
            : HealthCheckResult.Healthy("the store takes writes");
}
