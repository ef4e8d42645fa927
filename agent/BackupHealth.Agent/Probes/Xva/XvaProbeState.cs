using System.Text.Json.Serialization;

namespace BackupHealth.Agent.Probes.Xva;

/// <summary>What the probe remembers per file (relative path): the last look, and the verdict once verified, so a
/// verified file is never read again while its size and last-write time stay the same.</summary>
internal sealed class XvaProbeState
{
    public Dictionary<string, XvaFileRecord> Files { get; set; } = new(StringComparer.Ordinal);
}

internal sealed class XvaFileRecord
{
    public long Size { get; set; }

    public long LastWriteTicks { get; set; }

    /// <summary>When the probe first saw this version of the file still being written; keys its RUNNING fact.</summary>
    public long? RunningSinceTicks { get; set; }

    /// <summary>Null until verified.</summary>
    public bool? Passed { get; set; }

    public string Reason { get; set; } = "";

    /// <summary>The verdict's one-line summary (figures, and the reason when failed).</summary>
    public string Detail { get; set; } = "";

    public string VmName { get; set; } = "";

    public string VmUuid { get; set; } = "";

    public int Disks { get; set; }

    public long Chunks { get; set; }

    public long BytesVerified { get; set; }

    public string HashAlgorithm { get; set; } = "";

    public string Compression { get; set; } = "";

    public long VerifiedAtTicks { get; set; }

    public bool IsSameVersion(long size, DateTime lastWriteUtc) => Size == size && LastWriteTicks == lastWriteUtc.Ticks;
}

[JsonSerializable(typeof(XvaProbeState))]
internal sealed partial class XvaStateJsonContext : JsonSerializerContext;
