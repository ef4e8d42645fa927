using System.Text;
using static BackupHealth.Agent.Tests.Probes.Xva.TarBuilder;

namespace BackupHealth.Agent.Tests.Probes.Xva;

/// <summary>A damaged tar layer is a failed verification whose reason says what is wrong and where: the byte offset
/// in the (decompressed) archive, the member before it, how much of a cut member is there. Offsets expected here
/// come from the layout each test packs, not from the reader.</summary>
public sealed class XvaTarDamageTests
{
    private const string Chunk0 = "Ref:3/00000000";

    [Fact]
    public void An_empty_file_is_reported_as_empty_with_no_vm()
    {
        var result = VerifyArchive([]);

        Assert.Equal(("truncated: the archive is empty", "", ""), (result.Reason, result.VmName, result.VmUuid));
    }

    [Fact]
    public void A_file_shorter_than_one_header_ends_inside_its_first_header()
    {
        Assert.Equal("truncated: the archive ends inside its first header", VerifyArchive([0x75, 0x73]).Reason);
    }

    [Fact]
    public void An_archive_of_only_the_end_marker_has_no_members()
    {
        Assert.Equal("the archive has no members: not an XVA export", new TarBuilder().EndMarker().Verify().Reason);
    }

    [Fact]
    public void A_cut_inside_a_header_names_the_member_before_it()
    {
        var tar = Export(("Ref:3", 3));
        var header = tar.Length;
        tar.Chunk(Chunk0, Abc, ".xxhash", AbcXxHash).EndMarker();

        var result = VerifyArchive(tar.CutAt(header + 100));

        Assert.Equal("truncated: the archive ends inside the header after member ova.xml", result.Reason);
    }

    [Fact]
    public void A_cut_inside_the_padding_after_a_chunk_names_the_chunk_and_the_disk()
    {
        var tar = Export(("Ref:3", 3));
        var data = tar.Length + Block;
        tar.Chunk(Chunk0, Abc, ".xxhash", AbcXxHash).EndMarker();

        var result = VerifyArchive(tar.CutAt(data + 10));

        Assert.Equal("truncated: the archive ends inside the padding after member Ref:3/00000000; test-vm disk 0 'disk', Ref:3 rebuilt to 0 of 3 bytes", result.Reason);
    }

    [Fact]
    public void A_cut_inside_a_chunk_says_how_many_of_its_bytes_are_there()
    {
        var chunk = new byte[1000];
        new Random(1).NextBytes(chunk);
        var tar = Export(("Ref:3", 1000));
        var data = tar.Length + Block;
        tar.Chunk(Chunk0, chunk, ".checksum", Sha1(chunk)).EndMarker();

        var result = VerifyArchive(tar.CutAt(data + 300));

        Assert.Equal("truncated: the archive ends inside member Ref:3/00000000 (300 of 1000 bytes); test-vm disk 0 'disk', Ref:3 rebuilt to 0 of 1000 bytes", result.Reason);
    }

    [Fact]
    public void A_header_whose_checksum_does_not_match_is_named_with_its_offset_and_both_sums()
    {
        var tar = Export(("Ref:3", 3));
        var header = (int)tar.Length;
        var archive = tar.Chunk(Chunk0, Abc, ".xxhash", AbcXxHash).EndMarker().ToArray();
        var stored = Convert.ToInt64(Encoding.ASCII.GetString(archive, header + 148, 6), 8);
        archive[header + 1]++; // "Ref:3" becomes "Rff:3": one more in the sum

        var result = VerifyArchive(archive);

        Assert.Equal($"corrupt tar header after member ova.xml at byte {header} (header checksum {stored}, computed {stored + 1})", result.Reason);
    }

    [Fact]
    public void A_zero_block_followed_by_more_members_is_corrupt()
    {
        var tar = Export(("Ref:3", 3));
        var zeros = tar.Length;
        tar.Raw(new byte[Block]).Chunk(Chunk0, Abc, ".xxhash", AbcXxHash).EndMarker();

        Assert.Equal($"corrupt tar: a zero block inside the archive at byte {zeros}", tar.Verify().Reason);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1000)]
    [InlineData(3 * 1024 * 1024)] // beyond the first read of the trailer
    public void Data_after_the_end_marker_fails_at_its_first_byte(int zerosBefore)
    {
        var tar = Export(("Ref:3", 3)).Chunk(Chunk0, Abc, ".xxhash", AbcXxHash).EndMarker().Raw(new byte[zerosBefore]);
        var garbage = tar.Length;
        tar.Raw("x"u8).Raw(new byte[100]);

        Assert.Equal($"data follows the end-of-archive marker at byte {garbage}", tar.Verify().Reason);
    }

    [Fact]
    public void Zeros_after_the_end_marker_are_record_padding()
    {
        var result = Export(("Ref:3", 3)).Chunk(Chunk0, Abc, ".xxhash", AbcXxHash).EndMarker().Raw(new byte[9 * Block]).Verify();

        Assert.True(result.Passed, result.Reason);
    }

    [Fact]
    public void A_size_field_that_is_not_octal_is_corrupt()
    {
        var tar = Export(("Ref:3", 3));
        var header = tar.Length;
        tar.Header(Chunk0, 3, edit: h => "0000000009\0"u8.CopyTo(h.AsSpan(124))).Data(Abc).EndMarker();

        Assert.Equal($"corrupt tar header at byte {header}: size field is not octal", tar.Verify().Reason);
    }

    [Fact]
    public void A_chunk_whose_size_is_in_base_256_is_read()
    {
        var chunk = new byte[1000];
        new Random(2).NextBytes(chunk);
        var tar = Export(("Ref:3", 1000))
            .Header(Chunk0, 0, edit: h => Base256(h, 1000)).Data(chunk)
            .Member(Chunk0 + ".checksum", Sha1(chunk)).EndMarker();

        var result = tar.Verify();

        Assert.True(result.Passed, result.Reason);
        Assert.Equal(1000, result.BytesVerified);
    }

    /// <summary>2^88 + 1000: a shift does not overflow-check, so wrapping it would read a 1000-byte member.</summary>
    [Fact]
    public void A_base_256_size_beyond_63_bits_is_corrupt()
    {
        var tar = Export(("Ref:3", 1000));
        var header = tar.Length;
        tar.Header(Chunk0, 0, edit: h =>
        {
            Base256(h, 1000);
            h[124] = 0x81;
        }).Data(new byte[1000]).EndMarker();

        Assert.Equal($"corrupt tar header at byte {header}: size field is out of range", tar.Verify().Reason);
    }

    [Fact]
    public void An_extended_header_over_64_KiB_is_refused()
    {
        var tar = Export(("Ref:3", 3));
        var header = tar.Length;
        tar.Header("PaxHeaders/x", (64 * 1024) + 1, type: 'x').Data(new byte[(64 * 1024) + 1]).EndMarker();

        Assert.Equal($"corrupt tar: an extended header of 65537 bytes at byte {header}", tar.Verify().Reason);
    }

    [Fact]
    public void A_cut_inside_a_gnu_long_name_is_truncated()
    {
        var tar = Export(("Ref:3", 3));
        var data = tar.Length + Block;
        tar.Member("././@LongLink", new string('n', 300), type: 'L').EndMarker();

        Assert.Equal("truncated: the archive ends inside member (extended header) (100 of 300 bytes)", VerifyArchive(tar.CutAt(data + 100)).Reason);
    }

    private static void Base256(byte[] header, long size)
    {
        var field = header.AsSpan(124, 12);
        field.Clear();
        field[0] = 0x80;
        System.Buffers.Binary.BinaryPrimitives.WriteInt64BigEndian(field[4..], size);
    }
}
