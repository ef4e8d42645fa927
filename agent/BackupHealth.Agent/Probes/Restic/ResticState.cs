namespace BackupHealth.Agent.Probes.Restic;

/// <summary>What the probe remembers between runs (in the probe state store).</summary>
internal sealed class ResticState
{
    /// <summary>Ids of observations already reported, for snapshots still within Lookback.</summary>
    public List<string> Reported { get; set; } = [];

    /// <summary>Snapshots seen while restic said "incomplete" (exit code 3), with its message: they stay WARNING when
    /// a later check re-reports them.</summary>
    public Dictionary<string, string> Incomplete { get; set; } = [];

    /// <summary>When <c>restic check</c> last gave a verdict (UTC ticks); null before the first.</summary>
    public long? LastCheckTicks { get; set; }
}
