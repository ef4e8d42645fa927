using System.Text.Json;
using BackupHealth.Agent.Hosting;
using BackupHealth.Agent.Verify;
using BackupHealth.Testing;
using BackupHealth.VendorFakes.Xva;

namespace BackupHealth.Agent.Tests.Verify;

public sealed class VerifyVerbTests : IDisposable
{
    private const int MiB = 1024 * 1024;
    private readonly TempDirectory _folder = new("bh-verify");

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task A_good_export_prints_passed_and_exits_0()
    {
        var path = Write(new XvaFaults());
        var (exitCode, stdout, stderr) = await RunAsync(["verify", path]);

        Assert.Equal(0, exitCode);
        Assert.StartsWith($"PASSED {path}: VM web01: 1 disk, 2 chunks (xxhash), 2.0 MiB verified", stdout, StringComparison.Ordinal);
        Assert.Empty(stderr);
    }

    [Fact]
    public async Task A_corrupt_export_prints_the_reason_and_exits_2()
    {
        var path = Write(new XvaFaults { FlipByteIn = ("Ref:3", 1) });
        var (exitCode, stdout, _) = await RunAsync(["verify", path]);

        Assert.Equal(2, exitCode);
        Assert.StartsWith($"FAILED {path}: VM web01: web01 disk 0 'disk', Ref:3, chunk 00000001 (disk offset 1048576): xxhash mismatch", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_output_carries_the_verdict_and_figures()
    {
        var path = Write(new XvaFaults { DropChecksumOf = ("Ref:3", 0) });
        var (exitCode, stdout, _) = await RunAsync(["verify", "--json", path]);

        Assert.Equal(2, exitCode);
        using var json = JsonDocument.Parse(stdout);
        var root = json.RootElement;
        Assert.Equal("FAILED", root.GetProperty("verdict").GetString());
        Assert.Equal(2, root.GetProperty("exitCode").GetInt32());
        Assert.Equal("web01 disk 0 'disk', Ref:3, chunk 00000000 (disk offset 0): no checksum member after it (next member is Ref:3/00000001)", root.GetProperty("reason").GetString());
        Assert.Equal("web01", root.GetProperty("vmName").GetString());
        // Verification stops at the first fault: it read only up to there.
        Assert.InRange(root.GetProperty("bytesRead").GetInt64(), 1, new FileInfo(path).Length - 1);
    }

    [Fact]
    public async Task Json_output_of_a_good_export_lists_its_disks()
    {
        var path = Write(new XvaFaults());
        var (exitCode, stdout, _) = await RunAsync(["verify", path, "--json"]);

        Assert.Equal(0, exitCode);
        var disk = Assert.Single(JsonDocument.Parse(stdout).RootElement.GetProperty("disks").EnumerateArray());
        Assert.Equal(("Ref:3", 2L * MiB, 2L * MiB), (disk.GetProperty("id").GetString(), disk.GetProperty("virtualSize").GetInt64(), disk.GetProperty("rebuiltSize").GetInt64()));
    }

    [Fact]
    public async Task A_missing_file_exits_3()
    {
        var (exitCode, stdout, stderr) = await RunAsync(["verify", _folder.Combine("nope.xva")]);

        Assert.Equal(3, exitCode);
        Assert.Empty(stdout);
        Assert.StartsWith($"error: cannot open {_folder.Combine("nope.xva")}", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_progress_bar_is_drawn_only_when_asked_and_cleared_before_the_result()
    {
        var path = Write(new XvaFaults());
        var stderr = new StringWriter();

        var exitCode = await VerifyVerb.RunAsync(AgentCommandLine.Parse(["verify", path]), new StringWriter(), stderr, progressOnStderr: true, CancellationToken.None);

        Assert.Equal(0, exitCode);
        Assert.EndsWith("\r", stderr.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_progress_bar_shows_share_and_rate()
    {
        Assert.Equal(
            "[###############...............]  50%  1.0 GiB of 2.0 GiB  537 MB/s",
            VerifyProgressBar.Render(1L << 30, 2L << 30, TimeSpan.FromSeconds(2)));
    }

    private string Write(XvaFaults faults)
    {
        var path = _folder.Combine("web01.xva");
        new XvaWriter { VmName = "web01", Disks = [XvaTestDisk.Random("Ref:3", 2L * MiB, seed: 3)], Faults = faults }.Write(path);
        return path;
    }

    private static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exitCode = await VerifyVerb.RunAsync(AgentCommandLine.Parse(args), stdout, stderr, progressOnStderr: false, CancellationToken.None);
        return (exitCode, stdout.ToString(), stderr.ToString());
    }
}
