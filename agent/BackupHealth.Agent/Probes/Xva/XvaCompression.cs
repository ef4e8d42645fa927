using System.IO.Compression;
using ZstdSharp;

namespace BackupHealth.Agent.Probes.Xva;

/// <summary><c>xe vm-export compress=true|gzip|zstd</c> compresses the whole tar; the first bytes tell which.</summary>
internal static class XvaCompression
{
    public const string None = "none";
    public const string Gzip = "gzip";
    public const string Zstd = "zstd";

    private const int DecompressionBufferSize = 1024 * 1024;

    /// <summary>Reads the magic bytes of a seekable file and puts it back at its start.</summary>
    public static string Detect(Stream file)
    {
        Span<byte> magic = stackalloc byte[4];
        var read = file.ReadAtLeast(magic, magic.Length, throwOnEndOfStream: false);
        file.Seek(-read, SeekOrigin.Current);
        magic = magic[..read];
        return magic switch
        {
            [0x1f, 0x8b, ..] => Gzip,
            [0x28, 0xb5, 0x2f, 0xfd] => Zstd,
            _ => None,
        };
    }

    public static Stream Decompress(Stream source, string compression) => compression switch
    {
        Gzip => new GZipStream(source, CompressionMode.Decompress, leaveOpen: true),
        Zstd => new DecompressionStream(source, DecompressionBufferSize, checkEndOfStream: true, leaveOpen: true),
        _ => source,
    };
}
