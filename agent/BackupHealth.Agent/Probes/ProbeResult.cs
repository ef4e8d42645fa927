using BackupHealth.Contracts.V1;

namespace BackupHealth.Agent.Probes;

/// <summary>What one probe run saw (observations) and whether the probe could read its source at all.</summary>
internal sealed record ProbeResult(IReadOnlyList<Observation> Observations, ProbeState State, string Message)
{
    public static ProbeResult Ok(IReadOnlyList<Observation> observations) => new(observations, ProbeState.Ok, "");

    public static ProbeResult Error(string message) => new([], ProbeState.Error, message);
}
