using BackupHealth.Agent.Probes.Xva;

namespace BackupHealth.Agent.Tests.Probes.Xva;

/// <summary>The one line a person reads for a verdict: the VM, the reason when failed, and the figures.</summary>
public sealed class XvaSummaryTests
{
    [Fact]
    public void A_passed_verdict_reads_as_its_vm_and_figures()
    {
        var summary = Verdict("", "web01", "xxhash", disks: 1, chunks: 1).Summary;

        Assert.Equal("VM web01: 1 disk, 1 chunk (xxhash), 1.5 MiB verified, 2.0 GiB read (gzip)", summary);
    }

    [Fact]
    public void A_failed_verdict_leads_with_the_reason_and_counts_only_complete_disks()
    {
        var summary = Verdict("truncated: the archive is empty", "", "", disks: 2, chunks: 0).Summary;

        Assert.Equal("truncated: the archive is empty [2 complete disks, 0 chunks, 1.5 MiB verified, 2.0 GiB read (gzip)]", summary);
    }

    [Theory]
    [InlineData(0, "0 B")]
    [InlineData(1023, "1023 B")]
    [InlineData(1024, "1.0 KiB")]
    [InlineData(1536 * 1024, "1.5 MiB")]
    [InlineData(3L << 30, "3.0 GiB")]
    [InlineData(5L << 40, "5.0 TiB")]
    [InlineData(2048L << 40, "2048.0 TiB")] // no unit after TiB
    public void Bytes_are_in_binary_units(long bytes, string text)
    {
        Assert.Equal(text, XvaSummary.Bytes(bytes));
    }

    private static XvaVerification Verdict(string reason, string vm, string algorithm, int disks, long chunks) => new(
        reason.Length == 0,
        reason,
        XvaCompression.Gzip,
        algorithm,
        vm,
        "",
        [.. Enumerable.Range(0, disks).Select(i => new XvaDisk($"Ref:{i}", "", 1, 1, 1, 1))],
        0,
        chunks,
        0,
        2L << 30,
        1536 * 1024,
        TimeSpan.Zero);
}
