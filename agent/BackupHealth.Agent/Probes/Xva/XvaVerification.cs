namespace BackupHealth.Agent.Probes.Xva;

/// <summary>The verdict on one XVA archive and what was read to reach it.</summary>
/// <param name="Reason">Empty when passed; otherwise which disk and chunk, expected versus actual.</param>
/// <param name="Compression"><c>none</c>, <c>gzip</c> or <c>zstd</c>.</param>
/// <param name="HashAlgorithm"><c>xxhash</c>, <c>sha1</c>, <c>xxhash+sha1</c> when mixed, or empty when no chunk was checked.</param>
/// <param name="VmName">From ova.xml; empty when it could not be read.</param>
/// <param name="Disks">Disks whose chunks were read, in archive order.</param>
/// <param name="UnstreamedVdis">VDIs ova.xml lists without chunks in the archive (e.g. an ISO in the CD drive).</param>
/// <param name="Chunks">Chunk members checked, keep-alive chunks included.</param>
/// <param name="BytesRead">Bytes of the file read (compressed bytes when compressed).</param>
/// <param name="BytesVerified">Chunk data hashed and compared.</param>
internal sealed record XvaVerification(
    bool Passed,
    string Reason,
    string Compression,
    string HashAlgorithm,
    string VmName,
    string VmUuid,
    IReadOnlyList<XvaDisk> Disks,
    int UnstreamedVdis,
    long Chunks,
    long KeepAliveChunks,
    long BytesRead,
    long BytesVerified,
    TimeSpan Elapsed)
{
    /// <summary>One line for a person: the figures, and the reason when failed.</summary>
    public string Summary => XvaSummary.Format(this);
}

/// <param name="Id">The VDI's <c>Ref:n</c>, the folder its chunks are in.</param>
/// <param name="RebuiltSize">The disk size rebuilt from the chunks the way xapi's importer does.</param>
internal sealed record XvaDisk(string Id, string Name, long VirtualSize, long Chunks, long DataBytes, long RebuiltSize);
