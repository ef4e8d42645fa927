namespace BackupHealth.VendorFakes.Xva;

/// <summary>A disk to export: its content by offset, which 1 MiB (chunk-size) pieces are all zeros, and the
/// export's quirks for it.</summary>
public sealed class XvaTestDisk
{
    private readonly Action<long, Span<byte>> _fill;
    private readonly Func<long, int, bool> _isZero;

    private XvaTestDisk(string id, long size, Action<long, Span<byte>> fill, Func<long, int, bool> isZero)
    {
        Id = id;
        Size = size;
        _fill = fill;
        _isZero = isZero;
    }

    /// <summary>The VDI's <c>Ref:n</c> in ova.xml and the folder of its chunks.</summary>
    public string Id { get; }

    public string Name { get; init; } = "disk";

    /// <summary>The disk's position in the VM; when set, ova.xml gets a VBD plugging the VDI in at this userdevice.</summary>
    public string? UserDevice { get; init; }

    /// <summary>Bytes of content streamed; also the virtual_size written to ova.xml unless <see cref="VirtualSizeInXml"/> is set.</summary>
    public long Size { get; }

    /// <summary>Fault: a different virtual_size in ova.xml than the disk streamed.</summary>
    public long? VirtualSizeInXml { get; init; }

    /// <summary>Chunk indexes (offset / chunk size) before which the exporter wrote a 0-byte keep-alive chunk; every
    /// later chunk number is one higher, as xapi's exporter numbers them.</summary>
    public IReadOnlySet<long> KeepAliveBefore { get; init; } = new HashSet<long>();

    /// <summary>Random-looking content (deterministic per seed and chunk), with the given chunks all zeros.</summary>
    /// <param name="zeroChunks">Indexes of pieces of <paramref name="chunkSize"/> bytes that are all zeros.</param>
    public static XvaTestDisk Random(string id, long size, int seed, IEnumerable<long>? zeroChunks = null, int chunkSize = XvaWriter.DefaultChunkSize)
    {
        var zeros = (zeroChunks ?? []).ToHashSet();
        return new XvaTestDisk(
            id,
            size,
            (offset, span) =>
            {
                var chunk = offset / chunkSize;
                if (zeros.Contains(chunk))
                {
                    span.Clear();
                }
                else
                {
                    new System.Random(unchecked((seed * 1_000_003) + (int)chunk)).NextBytes(span);
                }
            },
            (offset, length) => zeros.Contains(offset / chunkSize));
    }

    /// <summary>The same disk with keep-alive 0-byte chunks before the given chunk indexes.</summary>
    public XvaTestDisk WithKeepAlives(params long[] beforeChunks) =>
        new(Id, Size, _fill, _isZero) { Name = Name, UserDevice = UserDevice, VirtualSizeInXml = VirtualSizeInXml, KeepAliveBefore = beforeChunks.ToHashSet() };

    /// <summary>Fault: the same disk with another virtual_size in ova.xml.</summary>
    public XvaTestDisk WithVirtualSizeInXml(long virtualSize) =>
        new(Id, Size, _fill, _isZero) { Name = Name, UserDevice = UserDevice, VirtualSizeInXml = virtualSize, KeepAliveBefore = KeepAliveBefore };

    /// <summary>The same disk under another VDI name and, when given, plugged into the VM at that userdevice.</summary>
    public XvaTestDisk Named(string name, string? userDevice = null) =>
        new(Id, Size, _fill, _isZero) { Name = name, UserDevice = userDevice, VirtualSizeInXml = VirtualSizeInXml, KeepAliveBefore = KeepAliveBefore };

    public static XvaTestDisk FromBytes(string id, byte[] content) => new(
        id,
        content.Length,
        (offset, span) => content.AsSpan((int)offset, span.Length).CopyTo(span),
        (offset, length) => !content.AsSpan((int)offset, length).ContainsAnyExcept((byte)0));

    internal void Fill(long offset, Span<byte> destination) => _fill(offset, destination);

    internal bool IsZero(long offset, int length) => _isZero(offset, length);
}
