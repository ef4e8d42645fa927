using BackupHealth.Contracts.V1;

namespace BackupHealth.Agent.Outbox;

/// <summary>Whole outbox files taken together to be sent as one batch; they stay on disk until acknowledged.</summary>
internal sealed record OutboxBatch(IReadOnlyList<OutboxFile> Files, IReadOnlyList<Observation> Observations);
