using System.Buffers;
using System.Diagnostics;
using ZstdSharp;

namespace BackupHealth.Agent.Probes.Xva;

/// <summary>Verifies an XVA export end to end in one pass from start to end, with memory that does not grow with
/// the archive: one chunk buffer, the parsed ova.xml and a few counters.</summary>
internal static class XvaVerifier
{
    /// <summary>The chunk size xapi and xva-img write; a chunk up to this size is read whole, then hashed.</summary>
    public const int ChunkBufferSize = 1024 * 1024;

    private const int FileBufferSize = 64 * 1024;

    /// <exception cref="IOException">The file cannot be opened or read (not a verdict on the archive).</exception>
    /// <exception cref="UnauthorizedAccessException">No permission to read it.</exception>
    public static XvaVerification Verify(string path, XvaProgress? progress, CancellationToken cancellationToken)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, FileBufferSize, FileOptions.SequentialScan);
        return Verify(file, progress, cancellationToken);
    }

    /// <param name="file">A seekable stream at the start of the archive (the magic bytes are peeked).</param>
    public static XvaVerification Verify(Stream file, XvaProgress? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(file);
        var started = Stopwatch.GetTimestamp();
        var compression = XvaCompression.Detect(file);
        var counting = new CountingStream(file, progress);
        var buffer = ArrayPool<byte>.Shared.Rent(ChunkBufferSize);
        using var decompressed = XvaCompression.Decompress(counting, compression);
        var walk = new XvaArchiveWalk(new TarStreamReader(decompressed), buffer, cancellationToken);
        string reason;
        try
        {
            walk.Run();
            reason = "";
        }
        catch (XvaInvalidException ex)
        {
            reason = ex.Message;
        }
        catch (InvalidDataException ex)
        {
            reason = $"corrupt {compression} data: {ex.Message}";
        }
        catch (ZstdException ex)
        {
            reason = $"corrupt zstd data: {ex.Message}";
        }
        catch (EndOfStreamException)
        {
            // The zstd decoder's way to say the compressed stream stops inside a frame.
            reason = $"truncated: the {compression} stream ends inside a frame";
        }
        catch (OverflowException)
        {
            reason = "corrupt: a size or chunk number out of range";
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return new XvaVerification(
            reason.Length == 0,
            reason,
            compression,
            walk.HashAlgorithm,
            walk.Manifest?.VmName ?? "",
            walk.Manifest?.VmUuid ?? "",
            walk.Disks,
            walk.Manifest is { } manifest ? manifest.Vdis.Keys.Count(id => walk.Disks.All(d => d.Id != id)) : 0,
            walk.Chunks,
            walk.KeepAliveChunks,
            counting.BytesRead,
            walk.BytesVerified,
            Stopwatch.GetElapsedTime(started));
    }
}
