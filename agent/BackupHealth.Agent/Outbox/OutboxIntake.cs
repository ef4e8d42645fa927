using BackupHealth.Contracts.V1;

namespace BackupHealth.Agent.Outbox;

/// <summary>Where probe results enter the outbox: only facts not queued before are written.</summary>
internal sealed class OutboxIntake(ObservationOutbox outbox, SeenObservationIds seen)
{
    /// <returns>How many observations were written to the outbox.</returns>
    public async Task<int> QueueNewAsync(IReadOnlyList<Observation> observations, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(observations);
        var fresh = observations.Where(o => !seen.Contains(o.Id)).DistinctBy(o => o.Id).ToList();
        if (fresh.Count == 0)
        {
            return 0;
        }

        var queued = await outbox.AppendAsync(fresh, cancellationToken);

        // Outbox first, then the seen set: a crash in between means a harmless re-send, never a lost fact. Ids the
        // outbox dropped as invalid are remembered too, so they are not logged again every cycle.
        await seen.AddAsync(fresh.Select(o => o.Id), cancellationToken);
        return queued;
    }
}
