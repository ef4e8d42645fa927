namespace BackupHealth.Agent.Probes.Veeam;

/// <summary>What the probe remembers between runs (in the probe state store).</summary>
internal sealed class VeeamCursor
{
    /// <summary>Sessions created after this are asked for: the newest creation time seen, minus an overlap for
    /// sessions that become visible a little late.</summary>
    public DateTimeOffset CreatedAfter { get; set; }

    /// <summary>Finished sessions already reported that are still inside the overlap, so they are not reported again.</summary>
    public List<string> Reported { get; set; } = [];

    /// <summary>Sessions last seen running, asked for by id until they end, however old they are.</summary>
    public List<string> Running { get; set; } = [];
}
