namespace BackupHealth.VendorFakes.Xva;

/// <summary>Damage to build into an archive, each addressed by disk id and chunk number as written in the tar.</summary>
public sealed class XvaFaults
{
    /// <summary>Flip one byte of the chunk's data after its checksum was computed.</summary>
    public (string Disk, long Chunk)? FlipByteIn { get; init; }

    /// <summary>Leave out the checksum member after this chunk.</summary>
    public (string Disk, long Chunk)? DropChecksumOf { get; init; }

    /// <summary>Write this chunk after the one that follows it (chunk numbers then decrease).</summary>
    public (string Disk, long Chunk)? SwapWithNext { get; init; }
}
