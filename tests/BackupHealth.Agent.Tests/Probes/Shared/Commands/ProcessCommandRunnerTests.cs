using System.Diagnostics;
using BackupHealth.Agent.Probes.Shared.Commands;
using BackupHealth.Testing;
using Microsoft.Extensions.Time.Testing;

namespace BackupHealth.Agent.Tests.Probes.Shared.Commands;

/// <summary>The runner against real processes: a shell script stands in for a backup tool.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class ProcessCommandRunnerTests : IDisposable
{
    private readonly TempDirectory _temp = new("runner");
    private readonly ProcessCommandRunner _runner = new(TimeProvider.System);

    public void Dispose() => _temp.Dispose();

    private string Script(string body)
    {
        var path = _temp.Combine($"tool-{Guid.NewGuid():N}.sh");
        File.WriteAllText(path, "#!/bin/sh\n" + body + "\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }

    [Fact]
    public async Task Arguments_reach_the_program_unchanged_and_never_through_a_shell()
    {
        var tool = Script("""for a in "$@"; do printf '[%s]\n' "$a"; done""");
        var marker = _temp.Combine("pwned");
        var tricky = $"x; touch {marker}";

        var result = await _runner.RunAsync(new CommandSpec(tool, ["a b", tricky, "$HOME", "*"], TimeSpan.FromSeconds(30)), default);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal($"[a b]\n[{tricky}]\n[$HOME]\n[*]\n", result.StandardOutput);
        Assert.False(File.Exists(marker));
    }

    [Fact]
    public async Task Secrets_travel_in_the_environment_and_a_null_removes_a_variable()
    {
        var tool = Script("""printf '%s|%s' "$RESTIC_PASSWORD" "${HOME-unset}" """);

        var result = await _runner.RunAsync(
            new CommandSpec(tool, [], TimeSpan.FromSeconds(30), new Dictionary<string, string?> { ["RESTIC_PASSWORD"] = "s3cret", ["HOME"] = null }),
            default);

        Assert.Equal("s3cret|unset", result.StandardOutput);
    }

    [Fact]
    public async Task A_failure_keeps_the_exit_code_and_stderr_for_the_message()
    {
        var tool = Script("echo 'Fatal: repository does not exist' >&2; exit 10");
        var command = new CommandSpec(tool, ["snapshots"], TimeSpan.FromSeconds(30));

        var result = await _runner.RunAsync(command, default);

        Assert.Equal(10, result.ExitCode);
        Assert.Equal($"{tool} snapshots exited with code 10: Fatal: repository does not exist", result.Describe(command));
    }

    [Fact]
    public async Task A_timeout_kills_the_whole_process_tree()
    {
        var pidFile = _temp.Combine("child.pid");
        // The child would outlive a kill of only the parent.
        var tool = Script($"sleep 300 & echo $! > {pidFile}; wait");
        var command = new CommandSpec(tool, [], TimeSpan.FromMinutes(10));
        var time = new FakeTimeProvider();
        var running = new ProcessCommandRunner(time).RunAsync(command, default);
        await Poll.UntilAsync(() => File.Exists(pidFile) && File.ReadAllText(pidFile).EndsWith('\n'), "the tool has started its child");

        time.Advance(command.Timeout);
        var result = await running;

        Assert.True(result.TimedOut);
        Assert.Contains("did not finish within", result.Describe(command), StringComparison.Ordinal);
        var childPid = int.Parse(File.ReadAllText(pidFile).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        await Poll.UntilAsync(() => !IsRunning(childPid), "the child process is killed with its parent");
    }

    [Fact]
    public async Task A_missing_program_is_a_result_not_an_exception()
    {
        var command = new CommandSpec(_temp.Combine("no-such-tool"), [], TimeSpan.FromSeconds(5));

        var result = await _runner.RunAsync(command, default);

        Assert.False(result.Started);
        Assert.StartsWith($"cannot run {command.FileName}:", result.Describe(command), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Output_beyond_the_cap_is_dropped_without_blocking_the_program()
    {
        var tool = Script("head -c 1000000 /dev/zero | tr '\\0' 'x'; echo done >&2");

        var result = await _runner.RunAsync(new CommandSpec(tool, [], TimeSpan.FromSeconds(30)) { MaxOutputChars = 1000 }, default);

        Assert.Equal(0, result.ExitCode);
        Assert.True(result.OutputTruncated);
        Assert.Equal(1000, result.StandardOutput.Length);
        Assert.Equal("done\n", result.StandardError);
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited && File.Exists($"/proc/{pid}/stat") && !File.ReadAllText($"/proc/{pid}/stat").Contains(") Z ", StringComparison.Ordinal);
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
