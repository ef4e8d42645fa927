using System.Formats.Tar;
using BackupHealth.Agent.Probes.Xva;
using BackupHealth.Testing;
using BackupHealth.VendorFakes.Xva;

namespace BackupHealth.Agent.Tests.Probes.Xva;

/// <summary>Archives made by a third-party XVA tool. xva-img 1.4.2 writes and reads only SHA-1 <c>.checksum</c>
/// members, works on an extracted folder, never reads ova.xml (we write it), and its disk-import drops a partial
/// last chunk, so images here are whole MiB.</summary>
public sealed class XvaImgArchiveTests : IDisposable
{
    private const int MiB = 1024 * 1024;

    private readonly TempDirectory _folder = new("bh-xvaimg");

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void An_archive_packaged_by_xva_img_from_a_sparse_image_passes()
    {
        var image = WriteImage();
        var archive = Package(image);

        var result = XvaVerifier.Verify(archive, null, CancellationToken.None);

        Assert.True(result.Passed, result.Reason);
        Assert.Equal("sha1", result.HashAlgorithm);
        Assert.Equal(4, result.Chunks); // chunks 3 and 4 are zeros: skipped
        Assert.Equal(6L * MiB, Assert.Single(result.Disks).RebuiltSize);
    }

    [Fact]
    public void An_archive_packaged_by_xva_img_from_a_chunk_altered_after_import_fails()
    {
        var image = WriteImage();
        var archive = Package(image, corruptChunk: "00000001");

        var result = XvaVerifier.Verify(archive, null, CancellationToken.None);

        Assert.StartsWith("test-vm disk 0 'disk', Ref:3, chunk 00000001 (disk offset 1048576): sha1 mismatch", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Xva_img_rebuilds_the_disk_our_writer_exported()
    {
        var content = File.ReadAllBytes(WriteImage());
        var archive = _folder.Combine("ours.xva");
        new XvaWriter { Checksum = XvaChecksumKind.Sha1, Disks = [XvaTestDisk.FromBytes("Ref:3", content)] }.Write(archive);
        var extracted = Directory.CreateDirectory(_folder.Combine("extracted")).FullName;
        TarFile.ExtractToDirectory(archive, extracted, overwriteFiles: false);

        XvaImg.Run(extracted, "disk-export", "Ref:3/", "rebuilt.raw");

        Assert.Equal(content, File.ReadAllBytes(Path.Combine(extracted, "rebuilt.raw")));
    }

    private string WriteImage()
    {
        var image = new byte[6 * MiB];
        new Random(42).NextBytes(image.AsSpan(0, 3 * MiB));
        new Random(43).NextBytes(image.AsSpan(5 * MiB));
        var path = _folder.Combine("disk.raw");
        File.WriteAllBytes(path, image);
        return path;
    }

    private string Package(string image, string? corruptChunk = null)
    {
        var work = Directory.CreateDirectory(_folder.Combine("vm")).FullName;
        Directory.CreateDirectory(Path.Combine(work, "Ref:3"));
        XvaImg.Run(work, "disk-import", "Ref:3/", image);
        if (corruptChunk is not null)
        {
            var chunk = Path.Combine(work, "Ref:3", corruptChunk);
            var bytes = File.ReadAllBytes(chunk);
            bytes[12345] ^= 0x40;
            File.WriteAllBytes(chunk, bytes);
        }

        new XvaWriter { Disks = [XvaTestDisk.Random("Ref:3", new FileInfo(image).Length, seed: 0)] }.WriteOvaXml(Path.Combine(work, "ova.xml"));
        var archive = _folder.Combine("packaged.xva");
        XvaImg.Run(_folder.Path, "package", archive, "vm/ova.xml", "vm/Ref:3/");
        return archive;
    }
}
