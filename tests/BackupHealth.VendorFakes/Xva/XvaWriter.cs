using System.Globalization;
using System.IO.Compression;
using System.IO.Hashing;
using System.Security.Cryptography;
using System.Text;
using System.Xml;
using ZstdSharp;

namespace BackupHealth.VendorFakes.Xva;

/// <summary>Writes XVA archives the way xapi's exporter does (export.ml, stream_vdi.ml): a tar whose first member is
/// ova.xml (XML-RPC), then per disk the chunks <c>Ref:n/NNNNNNNN</c> each followed by its checksum member; all-zero
/// chunks are skipped except the first and the last; optional keep-alive 0-byte chunks; the whole tar optionally
/// gzip- or zstd-compressed. Knobs for faults, for verifier tests and benchmarks. Our own writer: no vendor sample.</summary>
public sealed class XvaWriter
{
    public const int DefaultChunkSize = 1024 * 1024;

    private const int BlockSize = 512;

    public string VmName { get; init; } = "test-vm";

    public string VmUuid { get; init; } = "2b0d4d4e-6c53-4c57-9b1a-6a0c3f1e7d01";

    public XvaChecksumKind Checksum { get; init; } = XvaChecksumKind.XxHash;

    public int ChunkSize { get; init; } = DefaultChunkSize;

    public XvaArchiveCompression Compression { get; init; } = XvaArchiveCompression.None;

    /// <summary>Disks streamed, in this order (xapi sorts them by their Ref).</summary>
    public IReadOnlyList<XvaTestDisk> Disks { get; init; } = [];

    /// <summary>VDIs listed in ova.xml without chunks (e.g. an ISO in the CD drive): id → virtual_size.</summary>
    public IReadOnlyDictionary<string, long> UnstreamedVdis { get; init; } = new Dictionary<string, long>();

    public XvaFaults Faults { get; init; } = new();

    /// <returns>The archive's length in bytes.</returns>
    public long Write(string path)
    {
        using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1024 * 1024);
        Write(file);
        return file.Length;
    }

    public void Write(Stream destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        using var output = Compress(destination);
        var ovaXml = OvaXml();
        WriteMember(output, "ova.xml", ovaXml);
        var buffer = new byte[ChunkSize];
        foreach (var disk in Disks)
        {
            foreach (var chunk in Chunks(disk))
            {
                WriteChunk(output, disk, chunk, buffer);
            }
        }

        output.Write(new byte[2 * BlockSize]);
    }

    /// <summary>Writes ova.xml alone, e.g. for an archive packaged by another tool.</summary>
    public void WriteOvaXml(string path) => File.WriteAllBytes(path, OvaXml());

    /// <summary>Fault: cut a written archive to its first <paramref name="length"/> bytes.</summary>
    public static void Truncate(string path, long length)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Write);
        file.SetLength(length);
    }

    private Stream Compress(Stream destination) => Compression switch
    {
        XvaArchiveCompression.Gzip => new GZipStream(destination, CompressionLevel.Fastest, leaveOpen: true),
        XvaArchiveCompression.Zstd => new CompressionStream(destination, level: 3, leaveOpen: true),
        _ => new NonClosingStream(destination),
    };

    /// <summary>The chunks as the exporter emits them: numbers, offsets and lengths, keep-alives included.</summary>
    private List<ChunkPlan> Chunks(XvaTestDisk disk)
    {
        var plan = new List<ChunkPlan>();
        var count = (disk.Size + ChunkSize - 1) / ChunkSize;
        var shift = 0L;
        for (var index = 0L; index < count; index++)
        {
            var offset = index * ChunkSize;
            var length = (int)Math.Min(ChunkSize, disk.Size - offset);
            var firstOrLast = index == 0 || index == count - 1;
            if (!firstOrLast && disk.KeepAliveBefore.Contains(index))
            {
                plan.Add(new ChunkPlan(index + shift, offset, 0));
                shift++;
            }

            if (firstOrLast || !disk.IsZero(offset, length))
            {
                plan.Add(new ChunkPlan(index + shift, offset, length));
            }
        }

        if (Faults.SwapWithNext is { } swap && swap.Disk == disk.Id)
        {
            var at = plan.FindIndex(c => c.Number == swap.Chunk);
            (plan[at], plan[at + 1]) = (plan[at + 1], plan[at]);
        }

        return plan;
    }

    private void WriteChunk(Stream output, XvaTestDisk disk, ChunkPlan chunk, byte[] buffer)
    {
        var data = buffer.AsSpan(0, chunk.Length);
        disk.Fill(chunk.Offset, data);
        var name = $"{disk.Id}/{chunk.Number.ToString("D8", CultureInfo.InvariantCulture)}";
        var checksum = Checksum == XvaChecksumKind.XxHash
            ? XxHash64.HashToUInt64(data).ToString("X16", CultureInfo.InvariantCulture)
            : Sha1Hex(data);
        if (Faults.FlipByteIn == (disk.Id, chunk.Number))
        {
            data[data.Length / 2] ^= 0x01;
        }

        WriteMember(output, name, data);
        if (Faults.DropChecksumOf != (disk.Id, chunk.Number))
        {
            var extension = Checksum == XvaChecksumKind.XxHash ? ".xxhash" : ".checksum";
            WriteMember(output, name + extension, Encoding.ASCII.GetBytes(checksum));
        }
    }

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA5350", Justification = "The XVA format's corruption check")]
    private static string Sha1Hex(ReadOnlySpan<byte> data) => Convert.ToHexStringLower(SHA1.HashData(data));

    private static void WriteMember(Stream output, string name, ReadOnlySpan<byte> data)
    {
        output.Write(TarHeader(name, data.Length));
        output.Write(data);
        var padding = (BlockSize - (data.Length % BlockSize)) % BlockSize;
        output.Write(new byte[padding]);
    }

    private static byte[] TarHeader(string name, long size)
    {
        var header = new byte[BlockSize];
        Encoding.ASCII.GetBytes(name).CopyTo(header, 0);
        Octal(header, 100, 8, 420); // 0644
        Octal(header, 108, 8, 0);
        Octal(header, 116, 8, 0);
        Octal(header, 124, 12, size);
        Octal(header, 136, 12, 1_735_689_600);
        header[156] = (byte)'0';
        "ustar\000"u8.CopyTo(header.AsSpan(257));
        header.AsSpan(148, 8).Fill((byte)' ');
        var sum = header.Sum(b => (long)b);
        Octal(header, 148, 7, sum);
        return header;
    }

    private static void Octal(byte[] header, int offset, int length, long value)
    {
        var text = Convert.ToString(value, 8).PadLeft(length - 1, '0');
        Encoding.ASCII.GetBytes(text).CopyTo(header, offset);
        header[offset + length - 1] = 0;
    }

    /// <summary>The ova.xml this writer puts first, for archives packed by a test itself.</summary>
    public byte[] OvaXml()
    {
        using var text = new MemoryStream();
        using (var xml = XmlWriter.Create(text, new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = false }))
        {
            xml.WriteStartElement("value");
            xml.WriteStartElement("struct");
            Member(xml, "version", () => Struct(xml, [
                ("hostname", "xcp-test"), ("date", "2025-01-01"), ("product_version", "8.2.1"), ("product_brand", "XCP-ng"),
                ("build_number", "release/yangtze/master/58"), ("xapi_major", "1"), ("xapi_minor", "20"), ("export_vsn", "2"),
            ]));
            Member(xml, "objects", () =>
            {
                xml.WriteStartElement("array");
                xml.WriteStartElement("data");
                var vdis = Disks.Select(d => (d.Id, d.Name, Size: d.VirtualSizeInXml ?? d.Size, Type: "user"))
                    .Concat(UnstreamedVdis.Select(v => (v.Key, Name: "cd.iso", Size: v.Value, Type: "user")))
                    .ToList();
                WriteObject(xml, "VM", "Ref:0", [
                    ("name_label", VmName), ("uuid", VmUuid), ("is_a_template", "False"), ("is_a_snapshot", "False"),
                    ("power_state", "Halted"), ("memory_static_max", "2147483648"),
                ]);
                foreach (var (id, name, size, type) in vdis)
                {
                    WriteObject(xml, "VDI", id, [
                        ("name_label", name), ("uuid", Guid.NewGuid().ToString()), ("virtual_size", size.ToString(CultureInfo.InvariantCulture)),
                        ("type", type), ("SR", "Ref:1"), ("read_only", "False"),
                    ]);
                }

                foreach (var (disk, i) in Disks.Where(d => d.UserDevice is not null).Select((d, i) => (d, i)))
                {
                    WriteObject(xml, "VBD", string.Create(CultureInfo.InvariantCulture, $"Ref:{900 + i}"), [
                        ("VM", "Ref:0"), ("VDI", disk.Id), ("userdevice", disk.UserDevice!), ("type", "Disk"), ("mode", "RW"),
                    ]);
                }

                xml.WriteEndElement();
                xml.WriteEndElement();
            });
            xml.WriteEndElement();
            xml.WriteEndElement();
        }

        return text.ToArray();
    }

    private static void WriteObject(XmlWriter xml, string @class, string id, (string Name, string Value)[] fields)
    {
        xml.WriteStartElement("value");
        xml.WriteStartElement("struct");
        Member(xml, "class", () => xml.WriteString(@class));
        Member(xml, "id", () => xml.WriteString(id));
        Member(xml, "snapshot", () => Struct(xml, fields));
        xml.WriteEndElement();
        xml.WriteEndElement();
    }

    private static void Struct(XmlWriter xml, (string Name, string Value)[] fields)
    {
        xml.WriteStartElement("struct");
        foreach (var (name, value) in fields)
        {
            Member(xml, name, () => xml.WriteString(value));
        }

        xml.WriteEndElement();
    }

    private static void Member(XmlWriter xml, string name, Action value)
    {
        xml.WriteStartElement("member");
        xml.WriteElementString("name", name);
        xml.WriteStartElement("value");
        value();
        xml.WriteEndElement();
        xml.WriteEndElement();
    }

    private readonly record struct ChunkPlan(long Number, long Offset, int Length);

    private sealed class NonClosingStream(Stream inner) : Stream
    {
        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => inner.Length;

        public override long Position
        {
            get => inner.Position;
            set => throw new NotSupportedException();
        }

        public override void Flush() => inner.Flush();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);

        public override void Write(ReadOnlySpan<byte> buffer) => inner.Write(buffer);
    }
}
