using BackupHealth.Contracts;
using BackupHealth.Contracts.V1;

namespace BackupHealth.Collector.Ingest;

/// <summary>The rules for an observation batch: its size, its sequence, and every observation by the shared
/// <see cref="ObservationValidator"/>. Returns null when the whole batch may be stored, else the reason, in the
/// form the agent gets back: <c>batch 7: observation 3 (id abc): end_time ... is before start_time ...</c>
/// (observations are counted from 0, as they are indexed in the batch).</summary>
internal static class BatchValidator
{
    public static string? Validate(ObservationBatch batch, ulong? previousSequence, DateTimeOffset now, TimeSpan maxClockSkew)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (previousSequence is { } previous && batch.Sequence <= previous)
        {
            return $"batch {batch.Sequence}: the sequence must increase within a stream (the previous batch was {previous})";
        }

        if (batch.Observations.Count > ObservationLimits.MaxBatchObservations)
        {
            return $"batch {batch.Sequence}: {batch.Observations.Count} observations; the limit is {ObservationLimits.MaxBatchObservations}";
        }

        for (var i = 0; i < batch.Observations.Count; i++)
        {
            var observation = batch.Observations[i];
            var error = ObservationValidator.Validate(observation, now, maxClockSkew);
            if (error is not null)
            {
                return $"batch {batch.Sequence}: observation {i} (id {Shorten(observation.Id)}): {error}";
            }
        }

        return null;
    }

    // The id itself may be what is wrong (too long, control characters); quote a readable prefix only.
    private static string Shorten(string id)
    {
        var printable = new string(id.Take(64).Select(c => char.IsControl(c) ? '?' : c).ToArray());
        return id.Length > 64 ? printable + "…" : printable;
    }
}
