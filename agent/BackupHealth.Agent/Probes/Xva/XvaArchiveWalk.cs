using System.Globalization;

namespace BackupHealth.Agent.Probes.Xva;

/// <summary>One pass over the members of an XVA, checking each the way xapi's importer (stream_vdi.ml, recv_all)
/// reads them: ova.xml first; per disk, chunks <c>Ref:n/NNNNNNNN</c> in strictly increasing order, each followed by
/// its checksum member; a gap in the numbers is that many chunks of zeros, each as long as the first chunk of the
/// archive; a 0-byte chunk (the exporter's keep-alive) adds nothing; the rebuilt size must be the VDI's
/// virtual_size.</summary>
internal sealed class XvaArchiveWalk(TarStreamReader tar, byte[] buffer, CancellationToken cancellationToken)
{
    private readonly List<XvaDisk> _disks = [];
    private readonly HashSet<string> _seenDisks = new(StringComparer.Ordinal);
    private readonly SortedSet<string> _algorithms = new(StringComparer.Ordinal);
    private StreamedDisk? _current;

    /// <summary>Set by the first chunk of the archive, as in xapi's importer (one value for all disks).</summary>
    private long _firstChunkLength = -1;

    public OvaManifest? Manifest { get; private set; }

    public IReadOnlyList<XvaDisk> Disks => _disks;

    public long Chunks { get; private set; }

    public long KeepAliveChunks { get; private set; }

    public long BytesVerified { get; private set; }

    public string HashAlgorithm => string.Join('+', _algorithms.Reverse());

    public void Run()
    {
        try
        {
            ReadManifest();
            while (tar.Next() is { } member)
            {
                cancellationToken.ThrowIfCancellationRequested();
                ReadChunk(member);
            }

            FinishDisk();
            tar.ReadTrailer(buffer);
        }
        catch (XvaInvalidException ex) when (_current is { } disk && ex.Message.StartsWith("truncated:", StringComparison.Ordinal))
        {
            throw new XvaInvalidException(
                string.Create(CultureInfo.InvariantCulture, $"{ex.Message}; {disk.Label} rebuilt to {disk.Offset} of {disk.Vdi.VirtualSize} bytes"),
                ex);
        }
    }

    private void ReadManifest()
    {
        var first = tar.Next() ?? throw new XvaInvalidException("the archive has no members: not an XVA export");
        if (first.Name != "ova.xml")
        {
            throw new XvaInvalidException($"the first member is '{first.Name}', not ova.xml: not an XVA export");
        }

        if (first.Size > OvaManifest.MaxSize)
        {
            throw new XvaInvalidException(string.Create(CultureInfo.InvariantCulture,
                $"ova.xml is {first.Size} bytes, more than the {OvaManifest.MaxSize} this verifier reads"));
        }

        using var xml = new TarMemberStream(tar);
        Manifest = OvaManifest.Parse(xml);
    }

    private void ReadChunk(TarMember member)
    {
        var (diskId, number, numberText) = ParseChunkName(member);
        var disk = EnterDisk(diskId);
        if (number <= disk.LastNumber)
        {
            throw new XvaInvalidException(string.Create(CultureInfo.InvariantCulture,
                $"{disk.Label}: chunk {numberText} follows chunk {disk.LastNumber:D8}: chunk numbers must increase"));
        }

        if (_firstChunkLength < 0)
        {
            _firstChunkLength = member.Size;
        }

        var start = checked(disk.Offset + ((number - disk.LastNumber - 1) * _firstChunkLength));
        CheckData(member, disk.Label, numberText, start);
        disk.LastNumber = number;
        disk.Offset = checked(start + member.Size);
        disk.Chunks++;
        disk.DataBytes += member.Size;
        Chunks++;
        KeepAliveChunks += member.Size == 0 ? 1 : 0;
        BytesVerified += member.Size;
        if (disk.Offset > disk.Vdi.VirtualSize)
        {
            throw new XvaInvalidException(string.Create(CultureInfo.InvariantCulture,
                $"{disk.Label}, chunk {numberText}: its data ends at byte {disk.Offset} of the disk, beyond the virtual_size {disk.Vdi.VirtualSize} in ova.xml"));
        }
    }

    /// <summary>Reads the chunk's data and its checksum member and compares them.</summary>
    private void CheckData(TarMember chunk, string diskLabel, string numberText, long diskOffset)
    {
        // Worded only when needed: a verified chunk should cost no strings beyond its name.
        string Where() => string.Create(CultureInfo.InvariantCulture, $"{diskLabel}, chunk {numberText} (disk offset {diskOffset})");
        ChunkHasher? hasher = null;
        try
        {
            if (chunk.Size <= buffer.Length)
            {
                tar.Read(buffer.AsSpan(0, (int)chunk.Size));
            }
            else
            {
                hasher = new ChunkHasher();
                int read;
                while ((read = tar.Read(buffer)) > 0)
                {
                    hasher.Append(buffer.AsSpan(0, read));
                }
            }

            var checksumMember = tar.Next()
                ?? throw new XvaInvalidException($"{Where()}: no checksum member after it (the archive ends)");
            var algorithm = ChunkChecksum.AlgorithmOf(checksumMember.Name, chunk.Name)
                ?? throw new XvaInvalidException($"{Where()}: no checksum member after it (next member is {checksumMember.Name})");
            if (checksumMember.Size > ChunkChecksum.MaxMemberSize)
            {
                throw new XvaInvalidException(string.Create(CultureInfo.InvariantCulture,
                    $"{Where()}: checksum member {checksumMember.Name} is {checksumMember.Size} bytes, not a checksum"));
            }

            Span<byte> stored = stackalloc byte[ChunkChecksum.MaxMemberSize];
            stored = stored[..tar.Read(stored)];
            var computed = hasher?.Finish(algorithm) ?? ChunkChecksum.Compute(algorithm, buffer.AsSpan(0, (int)chunk.Size));
            if (!ChunkChecksum.Matches(stored, computed))
            {
                throw new XvaInvalidException(
                    $"{Where()}: {algorithm} mismatch: expected {ChunkChecksum.Printable(stored)} ({checksumMember.Name}), actual {computed}");
            }

            _algorithms.Add(algorithm);
        }
        finally
        {
            hasher?.Dispose();
        }
    }

    private StreamedDisk EnterDisk(string diskId)
    {
        if (_current?.Vdi.Id == diskId)
        {
            return _current;
        }

        FinishDisk();
        if (!_seenDisks.Add(diskId))
        {
            throw new XvaInvalidException($"disk {diskId}: its chunks resume after another disk's; an XVA streams each disk once");
        }

        var vdi = Manifest!.Vdis.GetValueOrDefault(diskId)
            ?? throw new XvaInvalidException($"disk {diskId} has chunks but ova.xml lists no VDI {diskId}");
        _current = new StreamedDisk(vdi, XvaDiskLabel.Of(Manifest.VmName, vdi, _disks.Count));
        return _current;
    }

    private void FinishDisk()
    {
        if (_current is not { } disk)
        {
            return;
        }

        if (disk.Offset != disk.Vdi.VirtualSize)
        {
            throw new XvaInvalidException(string.Create(CultureInfo.InvariantCulture,
                $"{disk.Label}: rebuilt size {disk.Offset} bytes from {disk.Chunks} chunks, but ova.xml virtual_size is {disk.Vdi.VirtualSize} bytes"));
        }

        _disks.Add(disk.ToResult());
        _current = null;
    }

    private static (string DiskId, long Number, string NumberText) ParseChunkName(TarMember member)
    {
        var name = member.Name;
        var slash = name.LastIndexOf('/');
        var last = slash < 0 ? name : name[(slash + 1)..];
        var isNumber = last.Length is > 0 and <= 18 && last.All(char.IsAsciiDigit);
        if (member.IsRegularFile && slash > 0 && isNumber)
        {
            return (name[..slash], long.Parse(last, NumberStyles.None, CultureInfo.InvariantCulture), last);
        }

        if (name.EndsWith(ChunkChecksum.XxHashExtension, StringComparison.Ordinal) || name.EndsWith(ChunkChecksum.Sha1Extension, StringComparison.Ordinal))
        {
            throw new XvaInvalidException($"checksum member {name} has no chunk before it");
        }

        throw new XvaInvalidException($"unexpected member {name}: an XVA holds only ova.xml and Ref:n/NNNNNNNN chunks with their checksums");
    }
}
