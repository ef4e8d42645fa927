namespace BackupHealth.Agent.Probes.Borg;

/// <summary>What the probe remembers between runs (in the probe state store).</summary>
internal sealed class BorgState
{
    /// <summary>Ids of observations already reported, for archives still within Lookback.</summary>
    public List<string> Reported { get; set; } = [];

    /// <summary>When <c>borg check</c> last gave a verdict (UTC ticks); null before the first.</summary>
    public long? LastCheckTicks { get; set; }
}
