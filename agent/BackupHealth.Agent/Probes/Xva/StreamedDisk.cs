namespace BackupHealth.Agent.Probes.Xva;

/// <summary>A disk while its chunks are read: where the importer would be writing.</summary>
/// <param name="label">How reasons name the disk: <see cref="XvaDiskLabel"/>.</param>
internal sealed class StreamedDisk(OvaVdi vdi, string label)
{
    public OvaVdi Vdi { get; } = vdi;

    public string Label { get; } = label;

    /// <summary>The last chunk number seen; -1 before the first, as xapi's importer starts.</summary>
    public long LastNumber { get; set; } = -1;

    /// <summary>Bytes of the disk rebuilt so far: data plus skipped zero chunks.</summary>
    public long Offset { get; set; }

    public long Chunks { get; set; }

    public long DataBytes { get; set; }

    public XvaDisk ToResult() => new(Vdi.Id, Vdi.Name, Vdi.VirtualSize, Chunks, DataBytes, Offset);
}
