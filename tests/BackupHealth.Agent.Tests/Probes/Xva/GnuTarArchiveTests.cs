using BackupHealth.Agent.Probes.Xva;
using BackupHealth.Testing;
using BackupHealth.VendorFakes.Xva;

namespace BackupHealth.Agent.Tests.Probes.Xva;

/// <summary>Archives written by GNU tar (Debian package tar), the reference for what its formats put in a header: an
/// export unpacked and packed again keeps its chunks under names the reader must rebuild the way tar lists them.</summary>
public sealed class GnuTarArchiveTests : IDisposable
{
    private readonly TempDirectory _folder = new("bh-gnutar");

    public void Dispose() => _folder.Dispose();

    [Theory]
    [InlineData("--format=gnu")] // ././@LongLink members
    [InlineData("--format=pax")] // pax path records
    [InlineData("--format=ustar")] // name prefix
    [InlineData("--format=gnu --incremental")] // old GNU headers with atime and ctime
    public void Long_member_names_are_read_as_gnu_tar_lists_them(string options)
    {
        var folder = "exports/" + new string('f', 120) + "/Ref:3";
        Directory.CreateDirectory(_folder.Combine(folder.Split('/')));
        File.WriteAllText(_folder.Combine([.. folder.Split('/'), "00000000"]), "abc");
        File.WriteAllText(_folder.Combine("ova.xml"), "<value/>");
        string[] files = ["ova.xml", folder + "/00000000"];
        Tar([.. options.Split(' '), "-cf", "names.tar", .. files]);

        var listed = Tar("-tf", "names.tar").Split('\n', StringSplitOptions.RemoveEmptyEntries);

        // --incremental writes the files in its own order: the reader must list them as tar does.
        var read = List("names.tar");
        Assert.Equal(files.Order(StringComparer.Ordinal), listed.Order(StringComparer.Ordinal));
        Assert.Equal(listed, read.Select(m => m.Name));
        Assert.Equal((8L, 3L), (read.Single(m => m.Name == files[0]).Size, read.Single(m => m.Name == files[1]).Size));
    }

    [Theory]
    [InlineData("--format=gnu")]
    [InlineData("--format=pax")]
    [InlineData("--format=ustar")]
    public void An_export_packed_again_by_gnu_tar_passes(string options)
    {
        Directory.CreateDirectory(_folder.Combine("Ref:3"));
        new XvaWriter { Disks = [XvaTestDisk.Random("Ref:3", 6, seed: 0)] }.WriteOvaXml(_folder.Combine("ova.xml"));
        File.WriteAllText(_folder.Combine("Ref:3", "00000000"), "abc");
        File.WriteAllText(_folder.Combine("Ref:3", "00000000.xxhash"), TarBuilder.AbcXxHash);
        File.WriteAllText(_folder.Combine("Ref:3", "00000001"), "abc");
        File.WriteAllText(_folder.Combine("Ref:3", "00000001.checksum"), TarBuilder.AbcSha1);
        Tar([.. options.Split(' '), "-cf", "vm.xva", "ova.xml", "Ref:3/00000000", "Ref:3/00000000.xxhash", "Ref:3/00000001", "Ref:3/00000001.checksum"]);

        var result = XvaVerifier.Verify(_folder.Combine("vm.xva"), null, CancellationToken.None);

        Assert.True(result.Passed, result.Reason);
        Assert.Equal(("xxhash+sha1", 2L, 6L), (result.HashAlgorithm, result.Chunks, Assert.Single(result.Disks).RebuiltSize));
    }

    private string Tar(params string[] arguments) => RealTool.Run("tar", "tar", _folder.Path, arguments);

    private List<(string Name, long Size)> List(string archive)
    {
        using var file = File.OpenRead(_folder.Combine(archive));
        return TarListing.Of(file);
    }
}
