using System.Text;
using BackupHealth.Agent.Probes.Xva;
using static BackupHealth.Agent.Tests.Probes.Xva.TarBuilder;

namespace BackupHealth.Agent.Tests.Probes.Xva;

/// <summary>The tar features the reader must get right on its own: where a member's full name and size come from
/// (GNU long names, pax records, the ustar prefix, base-256 and octal size fields) and reading on past data a caller
/// did not read. Archives written by GNU tar itself are in <see cref="GnuTarArchiveTests"/>.</summary>
public sealed class TarStreamReaderTests
{
    [Fact]
    public void A_gnu_long_name_names_the_member_after_it()
    {
        var name = "Ref:3/" + new string('d', 150) + "/00000000";
        var tar = new TarBuilder()
            .Member("././@LongLink", name + "\0", type: 'L')
            .Member(name[..99], "abc")
            .Member("next", "x")
            .EndMarker();

        Assert.Equal([(name, 3L), ("next", 1L)], Members(tar));
    }

    [Fact]
    public void Pax_records_set_the_path_and_size_and_global_headers_are_skipped()
    {
        var path = "Ref:3/" + new string('p', 150);
        var records = Record("mtime=1735689600.5") + Record("path=" + path) + Record("size=3");
        var tar = new TarBuilder()
            .Member("pax_global_header", Record("comment=exported"), type: 'g')
            .Member("PaxHeaders/x", records, type: 'x')
            .Header("short-name", 0).Data(Abc)
            .Member("next", "x")
            .EndMarker();

        var reader = new TarStreamReader(new MemoryStream(tar.ToArray()));
        var member = reader.Next()!.Value;
        var data = new byte[10];
        var read = reader.Read(data);

        Assert.Equal((path, 3L, true), (member.Name, member.Size, member.IsRegularFile));
        Assert.Equal("abc", Encoding.ASCII.GetString(data, 0, read));
        Assert.Equal("next", reader.Next()!.Value.Name);
    }

    [Fact]
    public void A_pax_header_of_exactly_64_KiB_is_read()
    {
        var comment = Record("comment=" + new string('c', (64 * 1024) - 31));
        var tar = new TarBuilder().Member("PaxHeaders/x", comment + Record("path=ova.xml"), type: 'x').Member("x", "").EndMarker();

        Assert.Equal(64 * 1024, Encoding.ASCII.GetByteCount(comment + Record("path=ova.xml")));
        Assert.Equal([("ova.xml", 0L)], Members(tar));
    }

    [Fact]
    public void A_ustar_prefix_is_the_folder_of_the_name()
    {
        var tar = new TarBuilder().Header("00000000", 0, prefix: "exports/Ref:3").Header("ova.xml", 0).EndMarker();

        Assert.Equal([("exports/Ref:3/00000000", 0L), ("ova.xml", 0L)], Members(tar));
    }

    /// <summary>Old GNU headers ("ustar  \0") keep atime and ctime where ustar has its prefix (GNU tar -G writes them).</summary>
    [Fact]
    public void An_old_gnu_header_has_no_prefix()
    {
        var tar = new TarBuilder().Header("ova.xml", 0, edit: h =>
        {
            "ustar  \0"u8.CopyTo(h.AsSpan(257));
            "15305464740\0"u8.CopyTo(h.AsSpan(345));
        }).EndMarker();

        Assert.Equal([("ova.xml", 0L)], Members(tar));
    }

    [Fact]
    public void A_name_of_exactly_100_bytes_has_no_terminator_and_is_read_whole()
    {
        var name = "Ref:3/" + new string('n', 94);
        var tar = new TarBuilder().Header(name, 0).EndMarker();

        Assert.Equal([(name, 0L)], Members(tar));
    }

    [Theory]
    [InlineData("00000001750\0", 1000)]
    [InlineData("   1750 \0\0\0\0", 1000)]
    [InlineData("1750\0\0\0\0\0\0\0\0", 1000)]
    [InlineData("\0\0\0\0\0\0\0\0\0\0\0\0", 0)]
    public void Octal_size_fields_are_read_as_tar_writers_pad_them(string field, long size)
    {
        var tar = new TarBuilder().Header("m", 0, edit: h => Encoding.ASCII.GetBytes(field).CopyTo(h, 124)).Data(new byte[size]).EndMarker();

        Assert.Equal([("m", size)], Members(tar));
    }

    [Fact]
    public void Data_a_caller_did_not_read_is_skipped_with_its_padding()
    {
        var tar = new TarBuilder().Member("a", new byte[1300]).Member("b", "x").EndMarker();
        var reader = new TarStreamReader(new MemoryStream(tar.ToArray()));

        reader.Next();
        reader.Read(new byte[10]);

        Assert.Equal("b", reader.Next()!.Value.Name);
        Assert.Equal(Block + 1536 + Block, reader.Position);
    }

    [Fact]
    public void The_position_counts_every_byte_to_the_end_of_the_record_padding()
    {
        var archive = new TarBuilder().Member("a", "abc").EndMarker().Raw(new byte[7 * Block]).ToArray();
        var reader = new TarStreamReader(new MemoryStream(archive));

        while (reader.Next() is not null)
        {
        }

        Assert.Equal(7 * Block, reader.ReadTrailer(new byte[Block]));
        Assert.Equal(archive.Length, reader.Position);
    }

    private static string Record(string keyValue)
    {
        // The length counts itself: find the one that fits.
        var length = keyValue.Length + 3;
        while ($"{length} {keyValue}\n".Length != length)
        {
            length++;
        }

        return $"{length} {keyValue}\n";
    }

    private static List<(string Name, long Size)> Members(TarBuilder tar) => TarListing.Of(new MemoryStream(tar.ToArray()));
}
