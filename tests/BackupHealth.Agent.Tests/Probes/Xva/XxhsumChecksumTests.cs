using System.Formats.Tar;
using System.Text;
using BackupHealth.Agent.Probes.Xva;
using BackupHealth.Testing;
using BackupHealth.VendorFakes.Xva;

namespace BackupHealth.Agent.Tests.Probes.Xva;

/// <summary>XXH64 checksum members whose values come from the real <c>xxhsum</c>, in archives packed here member by
/// member (not by our <see cref="XvaWriter"/>, which hashes with the same library as the verifier). Chunk sizes
/// differ so that both the whole-chunk and the streamed (larger than the buffer) hashing are checked.</summary>
public sealed class XxhsumChecksumTests : IDisposable
{
    private const string Disk = "Ref:3";
    private static readonly int[] ChunkSizes = [XvaVerifier.ChunkBufferSize * 2 + 5, XvaVerifier.ChunkBufferSize, 777];

    private readonly TempDirectory _folder = new("bh-xxhsum");

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Our_xxhash_of_a_chunk_is_what_xxhsum_computes()
    {
        // XXH64 works in 32-byte stripes: lengths around one, and a whole chunk.
        int[] sizes = [0, 1, 31, 32, 33, 1024 * 1024];
        var files = sizes.Select(size => WriteChunk($"data-{size}", size, seed: size)).ToArray();

        var expected = Xxhsum.Xxh64(files);

        var actual = files.Select(f => ChunkChecksum.Compute(ChunkChecksum.XxHashName, File.ReadAllBytes(f)));
        Assert.Equal(expected, actual.Select(h => h.ToLowerInvariant()));
    }

    [Theory]
    [InlineData(false)] // as xxhsum prints them
    [InlineData(true)] // as xapi writes them
    public void An_archive_whose_checksums_xxhsum_wrote_passes(bool upperCase)
    {
        var chunks = WriteChunks();
        var sums = Xxhsum.Xxh64(chunks).Select(s => upperCase ? s.ToUpperInvariant() : s).ToList();

        var result = XvaVerifier.Verify(Pack(chunks, sums), null, CancellationToken.None);

        Assert.True(result.Passed, result.Reason);
        Assert.Equal(("xxhash", 3L, ChunkSizes.Sum(s => (long)s)), (result.HashAlgorithm, result.Chunks, result.BytesVerified));
    }

    [Theory]
    [InlineData(0)] // read whole
    [InlineData(1)] // streamed: larger than the buffer
    public void A_chunk_changed_after_xxhsum_hashed_it_fails(int changed)
    {
        var chunks = WriteChunks();
        var sums = Xxhsum.Xxh64(chunks);
        var bytes = File.ReadAllBytes(chunks[changed]);
        bytes[bytes.Length / 3] ^= 0x10;
        File.WriteAllBytes(chunks[changed], bytes);

        var result = XvaVerifier.Verify(Pack(chunks, sums), null, CancellationToken.None);

        Assert.False(result.Passed);
        Assert.Contains($"chunk 0000000{changed}", result.Reason, StringComparison.Ordinal);
        Assert.Contains("xxhash mismatch", result.Reason, StringComparison.Ordinal);
    }

    /// <summary>An empty or cut-short checksum member must not verify its chunk: a compare that walks only the
    /// stored digits would accept every chunk with an empty <c>.xxhash</c>.</summary>
    [Theory]
    [InlineData("")]
    [InlineData("\n")]
    [InlineData("first-half")]
    public void A_checksum_member_without_the_whole_hash_fails(string stored)
    {
        var chunks = WriteChunks();
        var sums = Xxhsum.Xxh64(chunks).ToList();
        sums[1] = stored == "first-half" ? sums[1][..8] : stored;

        var result = XvaVerifier.Verify(Pack(chunks, sums), null, CancellationToken.None);

        Assert.False(result.Passed);
        Assert.Contains("chunk 00000001", result.Reason, StringComparison.Ordinal);
        Assert.Contains("xxhash mismatch", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_or_partial_stored_hash_does_not_match()
    {
        var computed = ChunkChecksum.Compute(ChunkChecksum.XxHashName, "abc"u8);

        Assert.True(ChunkChecksum.Matches(Encoding.ASCII.GetBytes(computed.ToLowerInvariant() + "\n"), computed));
        Assert.False(ChunkChecksum.Matches(""u8, computed));
        Assert.False(ChunkChecksum.Matches(" \n"u8, computed));
        Assert.False(ChunkChecksum.Matches(Encoding.ASCII.GetBytes(computed[..15]), computed));
        Assert.False(ChunkChecksum.Matches(Encoding.ASCII.GetBytes(computed + "0"), computed));
    }

    private string WriteChunk(string name, int size, int seed)
    {
        var data = new byte[size];
        new Random(seed).NextBytes(data);
        var path = _folder.Combine(name);
        File.WriteAllBytes(path, data);
        return path;
    }

    private string[] WriteChunks() => [.. ChunkSizes.Select((size, i) => WriteChunk($"chunk-{i}", size, seed: 100 + i))];

    /// <summary>ova.xml, then each chunk <c>Ref:3/0000000n</c> followed by <c>.xxhash</c> holding
    /// <paramref name="sums"/>[n], then the end-of-archive blocks.</summary>
    private string Pack(string[] chunks, IReadOnlyList<string> sums)
    {
        var ovaXml = _folder.Combine("ova.xml");
        new XvaWriter { Disks = [XvaTestDisk.Random(Disk, ChunkSizes.Sum(s => (long)s), seed: 0)] }.WriteOvaXml(ovaXml);
        var archive = _folder.Combine("packed.xva");
        using (var file = File.Create(archive))
        using (var tar = new TarWriter(file, TarEntryFormat.Ustar))
        {
            tar.WriteEntry(ovaXml, "ova.xml");
            for (var i = 0; i < chunks.Length; i++)
            {
                var name = $"{Disk}/{i:D8}";
                tar.WriteEntry(chunks[i], name);
                tar.WriteEntry(new UstarTarEntry(TarEntryType.RegularFile, name + ".xxhash")
                {
                    DataStream = new MemoryStream(Encoding.ASCII.GetBytes(sums[i])),
                });
            }
        }

        return archive;
    }
}
