namespace BackupHealth.Agent.Probes;

/// <summary>Reads one backup source and reports what it saw. Implementations report a source they cannot read as
/// <see cref="ProbeResult.Error"/>; the runner turns anything they throw into the same.</summary>
internal interface IProbe
{
    string Name { get; }

    string Type { get; }

    ValueTask<ProbeResult> RunAsync(CancellationToken cancellationToken);
}
