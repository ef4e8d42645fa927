using System.Security.Cryptography;
using System.Text;
using BackupHealth.Agent.Probes.Xva;
using BackupHealth.VendorFakes.Xva;

namespace BackupHealth.Agent.Tests.Probes.Xva;

/// <summary>Packs a tar archive byte by byte (POSIX ustar headers), for what no writer at hand makes on demand: a
/// bad header checksum, a base-256 size, a stream cut anywhere, members in a wrong order. <see cref="Length"/> says
/// where the next byte goes, so a test states the offsets it expects from the layout it built.</summary>
internal sealed class TarBuilder
{
    public const int Block = 512;

    /// <summary>XXH64 and SHA-1 of <see cref="Abc"/>: the xxHash and FIPS 180 test vectors (xxhsum prints the same).</summary>
    public const string AbcXxHash = "44BC2CF5AD770999";
    public const string AbcSha1 = "a9993e364706816aba3e25717850c26c9cd0d89d";

    private readonly MemoryStream _bytes = new();

    public static ReadOnlySpan<byte> Abc => "abc"u8;

    public long Length => _bytes.Length;

    /// <summary>An archive that starts with the ova.xml of a VM whose VDIs are these ids and virtual sizes.</summary>
    public static TarBuilder Export(params (string Id, long VirtualSize)[] vdis) => new TarBuilder().Member(
        "ova.xml",
        new XvaWriter { Disks = [.. vdis.Select(v => XvaTestDisk.Random(v.Id, v.VirtualSize, seed: 0))] }.OvaXml());

    public TarBuilder Member(string name, ReadOnlySpan<byte> data, char type = '0') => Header(name, data.Length, type).Data(data);

    public TarBuilder Member(string name, string text, char type = '0') => Member(name, Encoding.UTF8.GetBytes(text), type);

    /// <summary>A chunk <c>Ref:n/NNNNNNNN</c> and its checksum member.</summary>
    public TarBuilder Chunk(string name, ReadOnlySpan<byte> data, string extension, string checksum) =>
        Member(name, data).Member(name + extension, checksum);

    /// <param name="edit">Changes the header before its checksum is computed (a base-256 size, an old GNU magic).</param>
    public TarBuilder Header(string name, long size, char type = '0', string prefix = "", Action<byte[]>? edit = null)
    {
        var header = new byte[Block];
        Encoding.UTF8.GetBytes(name).CopyTo(header, 0);
        Octal(header.AsSpan(100, 8), 420); // 0644
        Octal(header.AsSpan(108, 8), 0);
        Octal(header.AsSpan(116, 8), 0);
        Octal(header.AsSpan(124, 12), size);
        Octal(header.AsSpan(136, 12), 1_735_689_600);
        header[156] = (byte)type;
        "ustar\u000000"u8.CopyTo(header.AsSpan(257));
        Encoding.UTF8.GetBytes(prefix).CopyTo(header, 345);
        edit?.Invoke(header);
        header.AsSpan(148, 8).Fill((byte)' ');
        Octal(header.AsSpan(148, 7), header.Sum(b => (long)b));
        return Raw(header);
    }

    /// <summary>Member data and the zeros that pad it to a whole block.</summary>
    public TarBuilder Data(ReadOnlySpan<byte> data) => Raw(data).Raw(new byte[(Block - (data.Length % Block)) % Block]);

    public TarBuilder Raw(ReadOnlySpan<byte> bytes)
    {
        _bytes.Write(bytes);
        return this;
    }

    /// <summary>Two zero blocks.</summary>
    public TarBuilder EndMarker() => Raw(new byte[2 * Block]);

    public byte[] ToArray() => _bytes.ToArray();

    /// <summary>The archive cut to its first <paramref name="length"/> bytes.</summary>
    public byte[] CutAt(long length) => _bytes.ToArray()[..(int)length];

    public XvaVerification Verify() => VerifyArchive(ToArray());

    public static XvaVerification VerifyArchive(byte[] archive) => XvaVerifier.Verify(new MemoryStream(archive), null, CancellationToken.None);

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA5350", Justification = "The XVA format's corruption check")]
    public static string Sha1(ReadOnlySpan<byte> data) => Convert.ToHexStringLower(SHA1.HashData(data));

    /// <summary>Octal digits filling the field but its last byte, which is NUL.</summary>
    public static void Octal(Span<byte> field, long value)
    {
        Encoding.ASCII.GetBytes(Convert.ToString(value, 8).PadLeft(field.Length - 1, '0')).CopyTo(field);
        field[^1] = 0;
    }
}
