using BackupHealth.Agent.Probes.Xva;
using BackupHealth.Testing;
using BackupHealth.VendorFakes.Xva;

namespace BackupHealth.Agent.Tests.Probes.Xva;

public sealed class XvaVerifierTests : IDisposable
{
    private const int MiB = 1024 * 1024;

    private readonly TempDirectory _folder = new("bh-xva");

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Xxhash_archive_passes_with_its_figures()
    {
        var size = (3L * MiB) + 1000;
        var path = Write(new XvaWriter { VmName = "web01", Disks = [XvaTestDisk.Random("Ref:3", size, seed: 1)] });

        var result = XvaVerifier.Verify(path, null, CancellationToken.None);

        Assert.True(result.Passed, result.Reason);
        Assert.Equal(("web01", "2b0d4d4e-6c53-4c57-9b1a-6a0c3f1e7d01"), (result.VmName, result.VmUuid));
        Assert.Equal("xxhash", result.HashAlgorithm);
        Assert.Equal("none", result.Compression);
        Assert.Equal(4, result.Chunks);
        Assert.Equal(size, result.BytesVerified);
        Assert.Equal(new FileInfo(path).Length, result.BytesRead);
        var disk = Assert.Single(result.Disks);
        Assert.Equal(("Ref:3", size, size), (disk.Id, disk.VirtualSize, disk.RebuiltSize));
    }

    [Fact]
    public void Sha1_archive_passes()
    {
        var path = Write(new XvaWriter { Checksum = XvaChecksumKind.Sha1, Disks = [XvaTestDisk.Random("Ref:3", 2L * MiB, seed: 2)] });

        var result = XvaVerifier.Verify(path, null, CancellationToken.None);

        Assert.True(result.Passed, result.Reason);
        Assert.Equal("sha1", result.HashAlgorithm);
        Assert.Equal(2, result.Chunks);
    }

    [Fact]
    public void Skipped_zero_chunks_count_as_zeros_in_the_rebuilt_size()
    {
        var path = Write(new XvaWriter { Disks = [XvaTestDisk.Random("Ref:3", 8L * MiB, seed: 3, zeroChunks: [2, 3, 5])] });

        var result = XvaVerifier.Verify(path, null, CancellationToken.None);

        Assert.True(result.Passed, result.Reason);
        Assert.Equal(5, result.Chunks);
        Assert.Equal(5L * MiB, result.BytesVerified);
        var disk = Assert.Single(result.Disks);
        Assert.Equal((8L * MiB, 5L * MiB), (disk.RebuiltSize, disk.DataBytes));
    }

    [Fact]
    public void First_and_last_chunks_are_kept_even_when_zero()
    {
        var path = Write(new XvaWriter { Disks = [XvaTestDisk.Random("Ref:3", 4L * MiB, seed: 4, zeroChunks: [0, 1, 3])] });

        var result = XvaVerifier.Verify(path, null, CancellationToken.None);

        Assert.True(result.Passed, result.Reason);
        Assert.Equal(3, result.Chunks);
    }

    [Fact]
    public void Keep_alive_chunks_add_nothing_and_shift_the_numbers_after_them()
    {
        var path = Write(new XvaWriter
        {
            Disks = [XvaTestDisk.Random("Ref:3", 8L * MiB, seed: 5, zeroChunks: [3, 6]).WithKeepAlives(2, 4, 5)],
        });

        var result = XvaVerifier.Verify(path, null, CancellationToken.None);

        Assert.True(result.Passed, result.Reason);
        Assert.Equal(3, result.KeepAliveChunks);
        Assert.Equal(6 + 3, result.Chunks);
        Assert.Equal(8L * MiB, Assert.Single(result.Disks).RebuiltSize);
    }

    [Theory]
    [InlineData(XvaArchiveCompression.Gzip, "gzip")]
    [InlineData(XvaArchiveCompression.Zstd, "zstd")]
    public void Compressed_archive_passes_and_counts_file_bytes(XvaArchiveCompression compression, string name)
    {
        var disk = XvaTestDisk.Random("Ref:3", 4L * MiB, seed: 6, zeroChunks: [1]);
        var path = Write(new XvaWriter { Compression = compression, Disks = [disk] });

        var result = XvaVerifier.Verify(path, null, CancellationToken.None);

        Assert.True(result.Passed, result.Reason);
        Assert.Equal(name, result.Compression);
        Assert.Equal(3L * MiB, result.BytesVerified);
        Assert.Equal(new FileInfo(path).Length, result.BytesRead);
    }

    [Fact]
    public void Every_disk_is_checked_and_a_listed_iso_without_chunks_is_not_missing()
    {
        var path = Write(new XvaWriter
        {
            Disks = [XvaTestDisk.Random("Ref:3", 2L * MiB, seed: 7), XvaTestDisk.Random("Ref:7", (3L * MiB) + 17, seed: 8, zeroChunks: [1])],
            UnstreamedVdis = new Dictionary<string, long> { ["Ref:9"] = 700L * MiB },
        });

        var result = XvaVerifier.Verify(path, null, CancellationToken.None);

        Assert.True(result.Passed, result.Reason);
        Assert.Equal(["Ref:3", "Ref:7"], result.Disks.Select(d => d.Id));
        Assert.Equal(1, result.UnstreamedVdis);
        Assert.Equal(5, result.Chunks);
    }

    [Fact]
    public void Chunks_larger_than_the_buffer_are_streamed_through_the_hash()
    {
        const int chunk = 3 * MiB;
        var good = Write(new XvaWriter { ChunkSize = chunk, Disks = [XvaTestDisk.Random("Ref:3", 7L * MiB, seed: 9, chunkSize: chunk)] }, "big.xva");
        var bad = Write(new XvaWriter
        {
            ChunkSize = chunk,
            Checksum = XvaChecksumKind.Sha1,
            Disks = [XvaTestDisk.Random("Ref:3", 7L * MiB, seed: 9, chunkSize: chunk)],
            Faults = new XvaFaults { FlipByteIn = ("Ref:3", 1) },
        }, "big-bad.xva");

        Assert.True(XvaVerifier.Verify(good, null, CancellationToken.None).Passed);
        Assert.StartsWith("test-vm disk 0 'disk', Ref:3, chunk 00000001 (disk offset 3145728): sha1 mismatch", XvaVerifier.Verify(bad, null, CancellationToken.None).Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(XvaChecksumKind.XxHash, "xxhash", ".xxhash")]
    [InlineData(XvaChecksumKind.Sha1, "sha1", ".checksum")]
    public void A_flipped_byte_fails_naming_disk_chunk_and_both_hashes(XvaChecksumKind kind, string algorithm, string extension)
    {
        var writer = new XvaWriter
        {
            Checksum = kind,
            Disks = [XvaTestDisk.Random("Ref:3", 4L * MiB, seed: 10)],
            Faults = new XvaFaults { FlipByteIn = ("Ref:3", 2) },
        };
        var path = Write(writer);

        var result = XvaVerifier.Verify(path, null, CancellationToken.None);

        Assert.False(result.Passed);
        Assert.Matches(
            $@"^test-vm disk 0 'disk', Ref:3, chunk 00000002 \(disk offset 2097152\): {algorithm} mismatch: expected [0-9A-Fa-f]+ \(Ref:3/00000002\{extension}\), actual [0-9A-Fa-f]+$",
            result.Reason);
    }

    [Fact]
    public void A_file_cut_inside_a_chunk_is_truncated_naming_the_member_and_disk()
    {
        var path = Write(new XvaWriter { Disks = [XvaTestDisk.Random("Ref:3", 4L * MiB, seed: 11)] });
        XvaWriter.Truncate(path, 2L * MiB);

        var result = XvaVerifier.Verify(path, null, CancellationToken.None);

        Assert.False(result.Passed);
        Assert.Matches(@"^truncated: the archive ends inside member Ref:3/00000001 \(\d+ of 1048576 bytes\); test-vm disk 0 'disk', Ref:3 rebuilt to 1048576 of 4194304 bytes$", result.Reason);
    }

    [Fact]
    public void A_file_cut_at_a_member_boundary_is_truncated_too()
    {
        var path = Write(new XvaWriter { Disks = [XvaTestDisk.Random("Ref:3", 4L * MiB, seed: 12)] });
        XvaWriter.Truncate(path, new FileInfo(path).Length - 1024);

        var result = XvaVerifier.Verify(path, null, CancellationToken.None);

        Assert.Equal("truncated: the archive ends after member Ref:3/00000003.xxhash without the end-of-archive marker; test-vm disk 0 'disk', Ref:3 rebuilt to 4194304 of 4194304 bytes", result.Reason);
    }

    [Theory]
    [InlineData(XvaArchiveCompression.Gzip)]
    [InlineData(XvaArchiveCompression.Zstd)]
    public void A_truncated_compressed_file_fails_as_truncated(XvaArchiveCompression compression)
    {
        var path = Write(new XvaWriter { Compression = compression, Disks = [XvaTestDisk.Random("Ref:3", 4L * MiB, seed: 13)] });
        XvaWriter.Truncate(path, new FileInfo(path).Length / 2);

        var result = XvaVerifier.Verify(path, null, CancellationToken.None);

        Assert.False(result.Passed);
        Assert.StartsWith("truncated: ", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_checksum_member_fails_naming_the_chunk()
    {
        var path = Write(new XvaWriter
        {
            Disks = [XvaTestDisk.Random("Ref:3", 4L * MiB, seed: 14)],
            Faults = new XvaFaults { DropChecksumOf = ("Ref:3", 1) },
        });

        var result = XvaVerifier.Verify(path, null, CancellationToken.None);

        Assert.Equal("test-vm disk 0 'disk', Ref:3, chunk 00000001 (disk offset 1048576): no checksum member after it (next member is Ref:3/00000002)", result.Reason);
    }

    [Fact]
    public void A_virtual_size_larger_than_the_streamed_disk_fails()
    {
        var path = Write(new XvaWriter { Disks = [XvaTestDisk.Random("Ref:3", 3L * MiB, seed: 15).WithVirtualSizeInXml(4L * MiB)] });

        var result = XvaVerifier.Verify(path, null, CancellationToken.None);

        Assert.Equal("test-vm disk 0 'disk', Ref:3: rebuilt size 3145728 bytes from 3 chunks, but ova.xml virtual_size is 4194304 bytes", result.Reason);
    }

    [Fact]
    public void A_virtual_size_smaller_than_the_streamed_disk_fails_at_the_chunk_that_overruns_it()
    {
        var path = Write(new XvaWriter { Disks = [XvaTestDisk.Random("Ref:3", 3L * MiB, seed: 16).WithVirtualSizeInXml((2L * MiB) + 5)] });

        var result = XvaVerifier.Verify(path, null, CancellationToken.None);

        Assert.Equal("test-vm disk 0 'disk', Ref:3, chunk 00000002: its data ends at byte 3145728 of the disk, beyond the virtual_size 2097157 in ova.xml", result.Reason);
    }

    [Fact]
    public void Decreasing_chunk_numbers_fail()
    {
        var path = Write(new XvaWriter
        {
            Disks = [XvaTestDisk.Random("Ref:3", 4L * MiB, seed: 17)],
            Faults = new XvaFaults { SwapWithNext = ("Ref:3", 1) },
        });

        var result = XvaVerifier.Verify(path, null, CancellationToken.None);

        Assert.Equal("test-vm disk 0 'disk', Ref:3: chunk 00000001 follows chunk 00000002: chunk numbers must increase", result.Reason);
    }

    [Fact]
    public void A_file_that_is_not_a_tar_fails()
    {
        var path = _folder.Combine("random.xva");
        File.WriteAllBytes(path, Enumerable.Range(0, 4096).Select(i => (byte)(i * 7)).ToArray());

        var result = XvaVerifier.Verify(path, null, CancellationToken.None);

        Assert.Equal("not a tar archive (the first header's checksum does not match)", result.Reason);
    }

    [Theory]
    [InlineData(XvaArchiveCompression.None)]
    [InlineData(XvaArchiveCompression.Gzip)]
    [InlineData(XvaArchiveCompression.Zstd)]
    public void The_callers_stream_stays_open(XvaArchiveCompression compression)
    {
        var archive = new MemoryStream();
        new XvaWriter { Compression = compression, Disks = [XvaTestDisk.Random("Ref:3", MiB, seed: 19)] }.Write(archive);
        archive.Position = 0;

        Assert.True(XvaVerifier.Verify(archive, null, CancellationToken.None).Passed);
        Assert.True(archive.CanRead);
    }

    [Fact]
    public void A_file_another_process_holds_open_for_writing_is_verified()
    {
        var path = Write(new XvaWriter { Disks = [XvaTestDisk.Random("Ref:3", MiB, seed: 20)] });
        using var writer = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite);

        var result = XvaVerifier.Verify(path, null, CancellationToken.None);

        Assert.True(result.Passed, result.Reason);
    }

    [Fact]
    public void Memory_does_not_grow_with_the_archive()
    {
        var small = Write(new XvaWriter { Disks = [XvaTestDisk.Random("Ref:3", 2L * MiB, seed: 18)] }, "small.xva");
        var large = Write(new XvaWriter { Disks = [XvaTestDisk.Random("Ref:3", 24L * MiB, seed: 18)] }, "large.xva");
        XvaVerifier.Verify(small, null, CancellationToken.None);

        var smallBytes = AllocatedBy(() => XvaVerifier.Verify(small, null, CancellationToken.None));
        var largeBytes = AllocatedBy(() => XvaVerifier.Verify(large, null, CancellationToken.None));

        // 22 more chunks may cost a few small strings each, never their data.
        Assert.True(largeBytes - smallBytes < 64 * 1024, $"small archive {smallBytes} B allocated, 12x larger {largeBytes} B");
    }

    private static long AllocatedBy(Action action)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        action();
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    private string Write(XvaWriter writer, string name = "vm.xva")
    {
        var path = _folder.Combine(name);
        writer.Write(path);
        return path;
    }
}
