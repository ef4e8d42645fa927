namespace BackupHealth.Agent.Probes.Unitrends;

/// <summary>What the probe has already reported: the newest run start it saw, and every run reported within the
/// re-read window with its start (epoch seconds), so a run that finishes after a later-started one is still found.</summary>
internal sealed class UnitrendsProbeState
{
    public double? NewestStart { get; set; }

    public Dictionary<string, double> Reported { get; set; } = new(StringComparer.Ordinal);
}
