namespace BackupHealth.Agent.Probes;

/// <summary>A probe created from configuration together with the settings that say when it runs.</summary>
internal sealed record ProbeEntry(IProbe Probe, ProbeOptions Options)
{
    public string Name => Probe.Name;

    public string Type => Probe.Type;
}
