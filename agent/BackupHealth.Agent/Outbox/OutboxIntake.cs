using BackupHealth.Contracts.V1;

namespace BackupHealth.Agent.Outbox;

/// <summary>Where probe results enter the outbox: only facts not queued before are written.</summary>
internal sealed class OutboxIntake(ObservationOutbox outbox, SeenObservationIds seen)
{
    /// <returns>How many observations were written to the outbox.</returns>
    /// <exception cref="OutboxFullException">The outbox could not take them all. What it took before is marked as
    /// seen; the rest is not, so the next run offers exactly the rest.</exception>
    public async Task<int> QueueNewAsync(IReadOnlyList<Observation> observations, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(observations);
        var fresh = NewOf(observations);
        if (fresh.Count == 0)
        {
            return 0;
        }

        // Each file first, then its ids in the seen set: a crash in between means a harmless re-send, never a lost
        // fact. Ids the outbox dropped as invalid are remembered too, so they are not logged again every cycle.
        return await outbox.AppendAsync(fresh, (settled, ct) => seen.AddAsync(settled.Select(o => o.Id), ct), cancellationToken);
    }

    /// <summary>The observations not queued before, each id once.</summary>
    public IReadOnlyList<Observation> NewOf(IReadOnlyList<Observation> observations) =>
        observations.Where(o => !seen.Contains(o.Id)).DistinctBy(o => o.Id).ToList();
}
