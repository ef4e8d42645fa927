using System.IO.Hashing;
using System.Security.Cryptography;

namespace BackupHealth.Agent.Probes.Xva;

/// <summary>For a chunk larger than the verifier's buffer (xapi and xva-img write 1 MiB chunks; others might not):
/// its data streams through both algorithms, because which one applies is only known from the checksum member that
/// follows it.</summary>
internal sealed class ChunkHasher : IDisposable
{
    private readonly XxHash64 _xxHash = new();
    private readonly IncrementalHash _sha1 = IncrementalHash.CreateHash(HashAlgorithmName.SHA1);

    public void Append(ReadOnlySpan<byte> data)
    {
        _xxHash.Append(data);
        _sha1.AppendData(data);
    }

    public string Finish(string algorithm) => algorithm == ChunkChecksum.XxHashName
        ? _xxHash.GetCurrentHashAsUInt64().ToString("X16", System.Globalization.CultureInfo.InvariantCulture)
        : Convert.ToHexStringLower(_sha1.GetCurrentHash());

    public void Dispose() => _sha1.Dispose();
}
