namespace BackupHealth.Agent.Probes.VeeamAgent;

/// <summary>What the probe already reported (in the probe state store): the list is read whole every run.</summary>
internal sealed class VeeamAgentCursor
{
    /// <summary>Finished sessions reported and still listed within Lookback.</summary>
    public List<string> Reported { get; set; } = [];

    /// <summary>Sessions already reported as running.</summary>
    public List<string> Running { get; set; } = [];
}
