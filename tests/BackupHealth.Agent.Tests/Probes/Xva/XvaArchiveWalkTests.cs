using BackupHealth.Agent.Probes.Xva;
using static BackupHealth.Agent.Tests.Probes.Xva.TarBuilder;

namespace BackupHealth.Agent.Tests.Probes.Xva;

/// <summary>The order and names of an XVA's members, as xapi's importer reads them: ova.xml first, then per disk its
/// chunks in increasing order each followed by its own checksum. Archives packed here with 3-byte "abc" chunks, whose
/// XXH64 and SHA-1 are the published test vectors.</summary>
public sealed class XvaArchiveWalkTests
{
    private const string Disk0 = "test-vm disk 0 'disk', Ref:3";

    [Fact]
    public void An_archive_whose_first_member_is_not_ova_xml_is_not_an_export()
    {
        var result = new TarBuilder().Chunk("Ref:3/00000000", Abc, ".xxhash", AbcXxHash).EndMarker().Verify();

        Assert.Equal("the first member is 'Ref:3/00000000', not ova.xml: not an XVA export", result.Reason);
    }

    [Fact]
    public void An_ova_xml_over_16_MiB_is_not_read()
    {
        var result = new TarBuilder().Header("ova.xml", OvaManifest.MaxSize + 1).EndMarker().Verify();

        Assert.Equal("ova.xml is 16777217 bytes, more than the 16777216 this verifier reads", result.Reason);
    }

    [Fact]
    public void An_ova_xml_of_16_MiB_is_read()
    {
        var xml = new BackupHealth.VendorFakes.Xva.XvaWriter().OvaXml();
        var tar = new TarBuilder().Header("ova.xml", OvaManifest.MaxSize).Raw(xml);

        Assert.Equal($"truncated: the archive ends inside member ova.xml ({xml.Length} of 16777216 bytes)", tar.Verify().Reason);
    }

    [Theory]
    [InlineData(".xxhash")]
    [InlineData(".checksum")]
    public void A_checksum_member_without_its_chunk_is_named(string extension)
    {
        var result = Export(("Ref:3", 3)).Member("Ref:3/00000000" + extension, AbcXxHash).EndMarker().Verify();

        Assert.Equal($"checksum member Ref:3/00000000{extension} has no chunk before it", result.Reason);
    }

    [Theory]
    [InlineData("Ref:3/0000000x", '0')]
    [InlineData("00000000", '0')] // no disk folder
    [InlineData("/00000000", '0')]
    [InlineData("Ref:3/", '0')]
    [InlineData("Ref:3/0000000000000000000", '0')] // 19 digits: more than a chunk number holds
    [InlineData("Ref:3/00000000", '5')] // a folder
    [InlineData("Ref:3/00000000", '2')] // a symbolic link
    public void A_member_that_is_not_a_chunk_is_unexpected(string name, char type)
    {
        var result = Export(("Ref:3", 3)).Member(name, Abc, type).EndMarker().Verify();

        Assert.Equal($"unexpected member {name}: an XVA holds only ova.xml and Ref:n/NNNNNNNN chunks with their checksums", result.Reason);
    }

    /// <summary>18 digits are a chunk number; so far past the first chunk that its offset does not fit in 64 bits.</summary>
    [Fact]
    public void A_chunk_number_whose_offset_overflows_is_out_of_range()
    {
        var first = new byte[16];
        var result = Export(("Ref:3", 32))
            .Chunk("Ref:3/00000000", first, ".checksum", Sha1(first))
            .Chunk("Ref:3/999999999999999999", first, ".checksum", Sha1(first))
            .EndMarker().Verify();

        Assert.Equal("corrupt: a size or chunk number out of range", result.Reason);
    }

    [Fact]
    public void A_repeated_chunk_number_fails()
    {
        var result = Export(("Ref:3", 6))
            .Chunk("Ref:3/00000000", Abc, ".xxhash", AbcXxHash)
            .Chunk("Ref:3/00000000", Abc, ".xxhash", AbcXxHash)
            .EndMarker().Verify();

        Assert.Equal($"{Disk0}: chunk 00000000 follows chunk 00000000: chunk numbers must increase", result.Reason);
    }

    [Fact]
    public void A_skipped_chunk_puts_the_next_at_its_offset_and_counts_as_zeros()
    {
        var tar = Export(("Ref:3", 12)).Chunk("Ref:3/00000000", Abc, ".xxhash", AbcXxHash);
        var good = tar.Chunk("Ref:3/00000003", Abc, ".checksum", AbcSha1).EndMarker().Verify();
        var bad = Export(("Ref:3", 12)).Chunk("Ref:3/00000000", Abc, ".xxhash", AbcXxHash)
            .Chunk("Ref:3/00000003", "abd"u8, ".checksum", AbcSha1).EndMarker().Verify();

        Assert.True(good.Passed, good.Reason);
        var disk = Assert.Single(good.Disks);
        Assert.Equal((2L, 6L, 12L), (disk.Chunks, disk.DataBytes, disk.RebuiltSize));
        Assert.StartsWith($"{Disk0}, chunk 00000003 (disk offset 9): sha1 mismatch: expected {AbcSha1} (Ref:3/00000003.checksum), actual ", bad.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Both_algorithms_are_named_when_an_archive_mixes_them()
    {
        var result = Export(("Ref:3", 3), ("Ref:5", 3))
            .Chunk("Ref:3/00000000", Abc, ".checksum", AbcSha1)
            .Chunk("Ref:5/00000000", Abc, ".xxhash", AbcXxHash)
            .EndMarker().Verify();

        Assert.True(result.Passed, result.Reason);
        Assert.Equal("xxhash+sha1", result.HashAlgorithm);
    }

    [Fact]
    public void A_disk_whose_chunks_resume_after_another_disks_fails()
    {
        var result = Export(("Ref:3", 3), ("Ref:5", 3))
            .Chunk("Ref:3/00000000", Abc, ".xxhash", AbcXxHash)
            .Chunk("Ref:5/00000000", Abc, ".xxhash", AbcXxHash)
            .Chunk("Ref:3/00000001", Abc, ".xxhash", AbcXxHash)
            .EndMarker().Verify();

        Assert.Equal("disk Ref:3: its chunks resume after another disk's; an XVA streams each disk once", result.Reason);
    }

    [Fact]
    public void Chunks_of_a_disk_ova_xml_does_not_list_fail()
    {
        var result = Export(("Ref:3", 3)).Chunk("Ref:9/00000000", Abc, ".xxhash", AbcXxHash).EndMarker().Verify();

        Assert.Equal("disk Ref:9 has chunks but ova.xml lists no VDI Ref:9", result.Reason);
    }

    [Fact]
    public void A_last_chunk_without_its_checksum_fails()
    {
        var result = Export(("Ref:3", 3)).Member("Ref:3/00000000", Abc).EndMarker().Verify();

        Assert.Equal($"{Disk0}, chunk 00000000 (disk offset 0): no checksum member after it (the archive ends)", result.Reason);
    }

    [Theory]
    [InlineData("Ref:3/00000001.xxhash")] // another chunk's, even with this chunk's hash
    [InlineData("Ref:3/00000000.xxhash.old")]
    [InlineData("Ref:3/00000000.XXHASH")]
    [InlineData("x")]
    public void A_member_after_a_chunk_that_is_not_its_checksum_fails(string next)
    {
        var result = Export(("Ref:3", 3)).Member("Ref:3/00000000", Abc).Member(next, AbcXxHash).EndMarker().Verify();

        Assert.Equal($"{Disk0}, chunk 00000000 (disk offset 0): no checksum member after it (next member is {next})", result.Reason);
    }

    [Fact]
    public void A_checksum_member_of_256_bytes_is_read_and_one_of_257_is_not_a_checksum()
    {
        var padded = AbcXxHash + new string(' ', 256 - 17) + "\n";
        var read = Export(("Ref:3", 3)).Chunk("Ref:3/00000000", Abc, ".xxhash", padded).EndMarker().Verify();
        var refused = Export(("Ref:3", 3)).Chunk("Ref:3/00000000", Abc, ".xxhash", padded + " ").EndMarker().Verify();

        Assert.True(read.Passed, read.Reason);
        Assert.Equal($"{Disk0}, chunk 00000000 (disk offset 0): checksum member Ref:3/00000000.xxhash is 257 bytes, not a checksum", refused.Reason);
    }

    [Fact]
    public void A_long_stored_checksum_is_shown_to_64_characters()
    {
        var stored = string.Concat(Enumerable.Repeat("0123456789", 10));

        var result = Export(("Ref:3", 3)).Chunk("Ref:3/00000000", Abc, ".xxhash", stored).EndMarker().Verify();

        Assert.Equal($"{Disk0}, chunk 00000000 (disk offset 0): xxhash mismatch: expected {stored[..64]} (Ref:3/00000000.xxhash), actual {AbcXxHash}", result.Reason);
    }

    [Fact]
    public void A_cancelled_verification_stops_between_members()
    {
        var archive = Export(("Ref:3", 3)).Chunk("Ref:3/00000000", Abc, ".xxhash", AbcXxHash).EndMarker().ToArray();

        Assert.Throws<OperationCanceledException>(() => { XvaVerifier.Verify(new MemoryStream(archive), null, new CancellationToken(canceled: true)); });
    }
}
