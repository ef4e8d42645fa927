using System.Collections.Concurrent;
using BackupHealth.Contracts.V1;

namespace BackupHealth.Collector.Store.Sqlite.Ingest;

/// <summary><see cref="IIngestStore"/> as work for the group-commit writer. Times are taken from the
/// <see cref="TimeProvider"/> when the work is queued; text is cleaned before it is queued.</summary>
internal sealed class SqliteIngestStore(StoreWriter writer, TimeProvider time, ChangeFeed changes) : IIngestStore
{
    // An agent's site, and so its customer, never changes; it is learned when the agent connects.
    private readonly ConcurrentDictionary<long, ChangeScope> _scopes = new();

    private long Now => UnixMs.From(time.GetUtcNow());

    public async Task<long> ConnectAgentAsync(long siteId, Hello hello, CancellationToken cancellationToken)
    {
        AgentText.Clean(hello);
        var now = Now;
        var (agentId, customer) = await writer.ExecuteAsync(s => (s.ConnectAgent(siteId, hello, now), s.CustomerOfSite(siteId)), cancellationToken);
        var scope = _scopes[agentId] = ChangeScope.OfCustomer(customer);
        changes.Publish(scope);
        return agentId;
    }

    public Task DisconnectAgentAsync(long agentId, CancellationToken cancellationToken)
    {
        var now = Now;
        return changes.AfterAsync(writer.ExecuteAsync(s => { s.DisconnectAgent(agentId, now); return true; }, cancellationToken), ScopeOf(agentId));
    }

    public Task RecordHeartbeatAsync(long agentId, Heartbeat heartbeat, CancellationToken cancellationToken)
    {
        AgentText.Clean(heartbeat);
        var now = Now;
        return writer.ExecuteAsync(s => { s.RecordHeartbeat(agentId, heartbeat, now); return true; }, cancellationToken);
    }

    public Task RecordProbeHealthAsync(long agentId, ProbeHealthReport report, CancellationToken cancellationToken)
    {
        AgentText.Clean(report);
        var now = Now;
        return changes.AfterAsync(writer.ExecuteAsync(s => { s.UpsertProbeHealth(agentId, report, now); return true; }, cancellationToken), ScopeOf(agentId));
    }

    public Task ReplaceJobListAsync(long agentId, JobListReport report, CancellationToken cancellationToken)
    {
        AgentText.Clean(report);
        var now = Now;
        return writer.ExecuteAsync(s => { s.ReplaceJobList(agentId, report, now); return true; }, cancellationToken,
            weight: report.Jobs.Count);
    }

    public Task ReplaceInventoryAsync(long agentId, InventoryReport report, CancellationToken cancellationToken)
    {
        AgentText.Clean(report);
        var now = Now;
        return writer.ExecuteAsync(s => { s.ReplaceInventory(agentId, report, now); return true; }, cancellationToken,
            weight: report.Items.Count);
    }

    public async ValueTask<Task<InsertedRuns>> EnqueueBatchAsync(long agentId, ObservationBatch batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        AgentText.Clean(batch);
        var receivedAt = Now;
        var rows = ObservationRow.From(batch.Observations);
        var committed = await writer.EnqueueAsync(s =>
        {
            var inserted = new InsertedRuns();
            s.InsertObservations(agentId, rows, receivedAt, inserted);
            return inserted;
        }, rows.Length, cancellationToken);
        return changes.AfterAsync(committed, ScopeOf(agentId));
    }

    /// <summary>Every stream connects its agent first; an agent this store did not connect is told only to users who
    /// see every customer.</summary>
    private ChangeScope ScopeOf(long agentId) => _scopes.TryGetValue(agentId, out var scope) ? scope : ChangeScope.Unlimited;
}
