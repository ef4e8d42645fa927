using System.Diagnostics;
using System.Text.Json;
using BackupHealth.Agent.Tests.Enrolment;
using BackupHealth.Testing;
using BackupHealth.VendorFakes.Xva;

namespace BackupHealth.Agent.Tests.Hosting;

/// <summary>Issue 17: the agent's files at rest are its owner's alone whatever the umask it is started with, not only
/// under the systemd unit's <c>UMask=0027</c>. The real agent program enrols and runs as its own processes under the
/// umask, and every file and folder it made is then looked at.</summary>
public sealed class FilesAtRestTests : IDisposable
{
    private const UnixFileMode OwnerFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode OwnerFolder = OwnerFile | UnixFileMode.UserExecute;
    private readonly TempDirectory _temp = new("bh-files-at-rest");

    private string DataPath => _temp.Combine("data");

    private string ConfigFile => _temp.Combine("agent.json");

    public void Dispose() => _temp.Dispose();

    [LinuxTheory]
    [InlineData("022")]
    [InlineData("000")]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public async Task Outbox_seen_ids_probe_state_and_identity_are_0600_in_0700_folders_whatever_the_umask(string umask)
    {
        await using var collector = await FakeCollector.StartAsync();
        WriteConfig();
        var tokenFile = _temp.Combine("enrolment.token");
        await File.WriteAllTextAsync(tokenFile, collector.Token());

        var enrol = await ChildProcess.RunAsync("/bin/sh", UnderUmask(umask, "enroll", "--token-file", tokenFile), _temp.Path);
        Assert.True(enrol.ExitCode == 0, enrol.ToString());
        using (var run = Start(UnderUmask(umask, "run")))
        {
            try
            {
                // The collector stand-in never welcomes the agent, so what the probe queued stays in the outbox.
                await Poll.UntilAsync(() => Written("outbox", "*.obs") && Written("probe-state", "*.json") && File.Exists(Path.Combine(DataPath, "seen.ids")),
                    "the xva probe's run queued, remembered and its state saved");
            }
            finally
            {
                run.Kill(entireProcessTree: true);
                await run.WaitForExitAsync();
            }
        }

        var files = Directory.GetFiles(DataPath, "*", SearchOption.AllDirectories);
        var folders = Directory.GetDirectories(DataPath, "*", SearchOption.AllDirectories).Append(DataPath).ToList();
        Assert.Contains(files, f => f.EndsWith("agent.key", StringComparison.Ordinal));
        Assert.Contains(files, f => f.EndsWith("enrolment.json", StringComparison.Ordinal));
        Assert.Equal([".", "identity", "outbox", "probe-state"], folders.Select(f => Path.GetRelativePath(DataPath, f)).Order(StringComparer.Ordinal));
        Assert.All(files, f => Assert.True(File.GetUnixFileMode(f) == OwnerFile, $"{Path.GetRelativePath(DataPath, f)}: {File.GetUnixFileMode(f)}"));
        Assert.All(folders, f => Assert.True(File.GetUnixFileMode(f) == OwnerFolder, $"{Path.GetRelativePath(DataPath, f)}/: {File.GetUnixFileMode(f)}"));
    }

    private void WriteConfig()
    {
        var exports = _temp.Combine("exports");
        Directory.CreateDirectory(exports);
        var export = Path.Combine(exports, "web01.xva");
        new XvaWriter { VmName = "web01", Disks = [XvaTestDisk.Random("Ref:3", 1024 * 1024, seed: 1)] }.Write(export);
        File.SetLastWriteTimeUtc(export, DateTime.UtcNow.AddHours(-1));
        File.WriteAllText(ConfigFile, JsonSerializer.Serialize(new
        {
            Agent = new { DataPath, Id = AgentFolder.AgentId },
            Probes = new[] { new { Type = "xva", Name = "exports", Path = exports, Pattern = "*.xva", Interval = "01:00:00" } },
        }));
    }

    private bool Written(string folder, string pattern) =>
        Directory.Exists(Path.Combine(DataPath, folder)) && Directory.GetFiles(Path.Combine(DataPath, folder), pattern).Length > 0;

    /// <summary><c>sh -c 'umask MASK &amp;&amp; exec dotnet backuphealth-agent.dll VERB … --config FILE'</c>.</summary>
    private string[] UnderUmask(string umask, params string[] verbAndArgs) =>
        ["-c", "umask $0 && exec \"$@\"", umask, "dotnet", Path.Combine(AppContext.BaseDirectory, "backuphealth-agent.dll"), .. verbAndArgs, "--config", ConfigFile];

    private Process Start(string[] shArgs)
    {
        var start = new ProcessStartInfo("/bin/sh") { WorkingDirectory = _temp.Path, UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in shArgs)
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }
}
