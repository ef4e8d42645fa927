using BackupHealth.Contracts.V1;

namespace BackupHealth.Collector.Store;

/// <summary>What the ingest service writes for a connected agent. Every message's text is cleaned
/// (<see cref="AgentText"/>) before it is stored, and whatever a page shows (not heartbeats) is announced on the
/// <see cref="ChangeFeed"/> once committed, as a change of the agent's customer.</summary>
internal interface IIngestStore
{
    /// <summary>Registers (or updates) the agent and counts the new stream as open. Returns the agent's row id.</summary>
    Task<long> ConnectAgentAsync(long siteId, Hello hello, CancellationToken cancellationToken);

    /// <summary>Counts the agent's stream as closed.</summary>
    Task DisconnectAgentAsync(long agentId, CancellationToken cancellationToken);

    Task RecordHeartbeatAsync(long agentId, Heartbeat heartbeat, CancellationToken cancellationToken);

    /// <summary>Keeps the latest health of each of the agent's probes.</summary>
    Task RecordProbeHealthAsync(long agentId, ProbeHealthReport report, CancellationToken cancellationToken);

    /// <summary>Replaces the agent's list of jobs (with their stated schedules) by this one.</summary>
    Task ReplaceJobListAsync(long agentId, JobListReport report, CancellationToken cancellationToken);

    /// <summary>Replaces the agent's inventory (VMs and what backs them up) by this one.</summary>
    Task ReplaceInventoryAsync(long agentId, InventoryReport report, CancellationToken cancellationToken);

    /// <summary>Queues a validated batch. Awaiting this waits only for room in the queue; the returned task
    /// completes (with the new observations by status) once the batch is committed. An observation already stored
    /// (same agent and observation id) is not stored again.</summary>
    ValueTask<Task<InsertedRuns>> EnqueueBatchAsync(long agentId, ObservationBatch batch, CancellationToken cancellationToken);
}
