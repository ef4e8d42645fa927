using BackupHealth.Contracts.V1;

namespace BackupHealth.Agent.Outbox;

/// <summary>One <c>&lt;sequence&gt;.obs</c> file: length-prefixed observations written by one append.</summary>
/// <param name="Droppable">How many of its observations are healthy successes, which the outbox's bound may drop.</param>
/// <param name="OldestDroppable">When the oldest of those was observed; null when none says.</param>
internal sealed record OutboxFile(long Sequence, string Path, int Count, long Bytes, int Droppable = 0, DateTimeOffset? OldestDroppable = null)
{
    public static OutboxFile Of(long sequence, string path, IReadOnlyList<Observation> observations, long bytes)
    {
        ArgumentNullException.ThrowIfNull(observations);
        var droppable = observations.Where(MayBeDropped).ToList();
        var observed = droppable.Where(o => o.ObservedAt is not null).Select(o => o.ObservedAt.ToDateTimeOffset()).ToList();
        return new OutboxFile(sequence, path, observations.Count, bytes, droppable.Count, observed.Count > 0 ? observed.Min() : null);
    }

    /// <summary>A healthy success: the run succeeded and nothing says its backup is damaged. Everything else — a
    /// failure, a warning, a run still going, a failed verification — is what the collector alerts on, so it is never
    /// dropped.</summary>
    public static bool MayBeDropped(Observation observation) =>
        observation.Status == RunStatus.Success && observation.Verification?.State != VerificationState.Failed;
}
