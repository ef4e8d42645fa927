using System.Diagnostics;
using BackupHealth.Agent.Hosting;
using BackupHealth.Agent.Probes;
using BackupHealth.Agent.Probes.Command;
using BackupHealth.Agent.Probes.Shared.Commands;
using BackupHealth.Agent.Tests.Support;
using BackupHealth.Contracts;
using BackupHealth.Contracts.V1;
using BackupHealth.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace BackupHealth.Agent.Tests.Probes.Command;

/// <summary>The command probe running real shell scripts through the real process runner.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class CommandProbeTests : IDisposable
{
    private static readonly DateTimeOffset Now = CommandScripts.Now;

    private readonly CommandScripts _scripts = new();

    public void Dispose() => _scripts.Dispose();

    private string Script(string body) => _scripts.Script(body);

    private CommandProbe Probe(string executable, Action<CommandProbeOptions>? configure = null, TimeProvider? runnerTime = null) =>
        _scripts.Probe(executable, configure, runnerTime);

    [LinuxTheory]
    [InlineData(0, RunStatus.Success, "OK - dump of 02:00 is 3.1 GB")]
    [InlineData(1, RunStatus.Warning, "OK - dump of 02:00 is 3.1 GB (stderr: dump is 20% smaller than yesterday)")]
    [InlineData(2, RunStatus.Failed, "OK - dump of 02:00 is 3.1 GB (stderr: dump is 20% smaller than yesterday)")]
    public async Task Plugin_exit_codes_are_the_status_and_the_first_line_without_perfdata_the_message(int code, RunStatus status, string message)
    {
        var script = Script($"""
            echo 'OK - dump of 02:00 is 3.1 GB | size=3.1GB;;; age=4h'
            echo 'second line is not the message'
            echo 'dump is 20% smaller than yesterday' >&2
            exit {code}
            """);

        var result = await Probe(script, o => o.ProtectedObject = "sql01").RunAsync(CancellationToken.None);

        Assert.Equal(ProbeState.Ok, result.State);
        var observation = Assert.Single(result.Observations);
        Assert.Null(ObservationValidator.Validate(observation, Now, TimeSpan.FromMinutes(1)));
        Assert.Equal(status, observation.Status);
        Assert.Equal(message, observation.Message);
        Assert.Equal("size=3.1GB;;; age=4h", observation.Attributes["perfdata"]);
        Assert.Equal(code.ToString(System.Globalization.CultureInfo.InvariantCulture), observation.Attributes["exit_code"]);
        Assert.Equal("sql-dump-check", observation.JobKey);
        Assert.Equal("command", observation.SourceKind);
        Assert.Equal("sql01", observation.ProtectedObject);
    }

    [LinuxTheory]
    [InlineData(3, "returned UNKNOWN (exit code 3): UNKNOWN - cannot reach the NAS; stderr: mount: permission denied")]
    [InlineData(127, "returned exit code 127: UNKNOWN - cannot reach the NAS; stderr: mount: permission denied")]
    public async Task Unknown_and_other_exit_codes_are_probe_errors_not_verdicts(int code, string expected)
    {
        var script = Script($"echo 'UNKNOWN - cannot reach the NAS'; echo 'mount: permission denied' >&2; exit {code}");

        var result = await Probe(script).RunAsync(CancellationToken.None);

        Assert.Equal(ProbeState.Error, result.State);
        Assert.Equal($"{script} {expected}", result.Message);
    }

    [LinuxFact]
    public async Task Arguments_and_environment_reach_the_script_unchanged_without_a_shell()
    {
        var marker = _scripts.Temp.Combine("pwned");
        var script = Script("""printf '%s ~ %s ~ %s ~ %s\n' "$1" "$2" "$3" "$DB_NAME" """);

        var result = await Probe(script, o =>
        {
            o.Arguments = ["a b", $"x; touch {marker}", "$HOME"];
            o.Environment = new() { ["DB_NAME"] = "erp prod" };
        }).RunAsync(CancellationToken.None);

        Assert.Equal($"a b ~ x; touch {marker} ~ $HOME ~ erp prod", Assert.Single(result.Observations).Message);
        Assert.False(File.Exists(marker));
    }

    [LinuxFact]
    public async Task Json_output_becomes_observations_and_printing_the_same_runs_again_gives_the_same_ids()
    {
        var script = Script("""
            cat <<'JSON'
            [
              {"jobKey":"erp-db","jobName":"ERP database","status":"success","startTime":"2025-03-10T03:00:00+02:00",
               "endTime":"2025-03-10T03:20:00+02:00","sizeBytes":123456789,"message":"","protectedObject":"sql01",
               "attributes":{"tool":"pg_dump","database":"erp"}},
              {"jobName":"Mail archive","status":"RUNNING","startTime":"2025-03-10T05:50:00Z"},
              {"jobName":"Fileserver","status":"failed","startTime":"2025-03-10T01:00:00Z","endTime":"2025-03-10T01:05:00Z",
               "message":"rsync: connection reset"}
            ]
            JSON
            """);
        var probe = Probe(script, o => o.Output = CommandOutputMode.Json);

        var first = await probe.RunAsync(CancellationToken.None);
        var again = await probe.RunAsync(CancellationToken.None);

        Assert.Equal(ProbeState.Ok, first.State);
        Assert.Equal(3, first.Observations.Count);
        Assert.All(first.Observations, o => Assert.Null(ObservationValidator.Validate(o, Now, TimeSpan.FromMinutes(1))));
        var erp = first.Observations[0];
        Assert.Equal("sql-dump-check/erp-db", erp.JobKey);
        Assert.Equal("ERP database", erp.JobName);
        Assert.Equal(RunStatus.Success, erp.Status);
        Assert.Equal(new DateTimeOffset(2025, 3, 10, 1, 0, 0, TimeSpan.Zero), erp.StartTime.ToDateTimeOffset());
        Assert.Equal(new DateTimeOffset(2025, 3, 10, 1, 20, 0, TimeSpan.Zero), erp.EndTime.ToDateTimeOffset());
        Assert.Equal(123456789, erp.SizeBytes);
        Assert.Equal("sql01", erp.ProtectedObject);
        Assert.Equal("pg_dump", erp.Attributes["tool"]);
        var mail = first.Observations[1];
        Assert.Equal("sql-dump-check/Mail archive", mail.JobKey);
        Assert.Equal(RunStatus.Running, mail.Status);
        Assert.Null(mail.EndTime);
        Assert.Equal("rsync: connection reset", first.Observations[2].Message);
        Assert.Equal(first.Observations.Select(o => o.Id), again.Observations.Select(o => o.Id));
    }

    [LinuxTheory]
    [InlineData("not json at all", "printed JSON that is not an array of observations:")]
    [InlineData("""{"jobName":"x"}""", "printed JSON that is not an object of \"runs\" and \"jobs\": The JSON property 'jobName' could not be mapped")]
    [InlineData("""[{"jobName":"x","status":"success","start_time":"2025-03-10T01:00:00Z"}]""", "printed JSON that is not an array of observations: The JSON property 'start_time' could not be mapped")]
    [InlineData("""[{"jobName":"ok","status":"success","startTime":"2025-03-10T01:00:00Z","endTime":"2025-03-10T01:00:01Z"},{"jobName":"x","status":"ok","startTime":"2025-03-10T01:00:00Z"}]""", "printed a bad observation at [1] (job 'x'): status 'ok' is not one of success, warning, failed, running")]
    [InlineData("""[{"jobName":"x","status":"success","startTime":"2025-03-10T01:00:00"}]""", "printed a bad observation at [0] (job 'x'): startTime '2025-03-10T01:00:00' has no zone: end it in Z or an offset like +02:00")]
    [InlineData("""[{"jobName":"x","status":"failed","startTime":"2025-03-10T01:00:00Z"}]""", "printed a bad observation at [0] (job 'x'): endTime is missing (required unless running)")]
    [InlineData("""[{"status":"failed","startTime":"2025-03-10T01:00:00Z"}]""", "printed a bad observation at [0]: jobName is missing")]
    [InlineData("""[{"jobName":"x","status":"success","startTime":"2025-03-10T02:00:00Z","endTime":"2025-03-10T01:00:00Z"}]""", "printed a bad observation at [0] (job 'x'): end_time 2025-03-10T01:00:00.0000000+00:00 is before start_time")]
    [InlineData("""[{"jobName":"x","status":"success","startTime":"2025-03-11T02:00:00Z","endTime":"2025-03-11T03:00:00Z"}]""", "printed a bad observation at [0] (job 'x'): start_time 2025-03-11T02:00:00.0000000+00:00 is in the future")]
    public async Task A_bad_json_document_is_a_probe_error_naming_the_problem(string json, string expected)
    {
        var (probe, script) = _scripts.Printing(json);

        var result = await probe.RunAsync(CancellationToken.None);

        Assert.Equal(ProbeState.Error, result.State);
        Assert.StartsWith($"{script} {expected}", result.Message, StringComparison.Ordinal);
    }

    [LinuxFact]
    public async Task A_failing_json_script_is_a_probe_error_with_its_stderr()
    {
        var script = Script("echo 'cannot read /var/log/backup.log' >&2; exit 1");

        var result = await Probe(script, o => o.Output = CommandOutputMode.Json).RunAsync(CancellationToken.None);

        Assert.Equal($"{script} exited with code 1: cannot read /var/log/backup.log", result.Message);
    }

    [LinuxFact]
    public async Task A_hanging_script_is_killed_with_its_children_at_the_timeout()
    {
        var pidFile = _scripts.Temp.Combine("child.pid");
        var script = Script($"sleep 300 & echo $! > '{pidFile}'; wait");
        var runnerTime = new FakeTimeProvider();
        var running = Probe(script, o => o.Timeout = TimeSpan.FromMinutes(2), runnerTime).RunAsync(CancellationToken.None).AsTask();
        await Poll.UntilAsync(() => File.Exists(pidFile) && File.ReadAllText(pidFile).EndsWith('\n'), "the script has started its child");

        runnerTime.Advance(TimeSpan.FromMinutes(2));
        var result = await running;

        Assert.Equal(ProbeState.Error, result.State);
        Assert.Equal($"{script} did not finish within 00:02:00 and was stopped", result.Message);
        var child = int.Parse(File.ReadAllText(pidFile).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        await Poll.UntilAsync(() => !IsRunning(child), "the script's child is killed with it");
    }

    [Theory]
    [InlineData("Probes:0:Executable", "", "Probes:0:Executable: The Executable field is required.")]
    [InlineData("Probes:0:Executable", "scripts/check.sh", "Probes:0:Executable: must be a program name found on PATH or an absolute path")]
    [InlineData("Probes:0:Executable", "/no/such/check.sh", "Probes:0:Executable: file /no/such/check.sh does not exist")]
    [InlineData("Probes:0:Output", "xml", "Probes:0:Output")]
    [InlineData("Probes:0:Timeout", "00:00:00", "Probes:0:Timeout: The field Timeout must be between 00:00:01 and 1.00:00:00.")]
    [InlineData("Probes:0:WorkingDirectory", "/no/such/folder", "Probes:0:WorkingDirectory: folder /no/such/folder does not exist")]
    public void Bad_settings_stop_start_naming_the_setting(string key, string value, string expected)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Probes:0:Type"] = "command",
            ["Probes:0:Name"] = "sql-dump-check",
            ["Probes:0:Executable"] = "check_backup",
            [key] = value,
        };
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();

        var error = Assert.Throws<AgentConfigurationException>(() =>
            ProbeCatalog.Load(configuration.GetSection("Probes"), ProbeRegistry.Default, new ProbeContext(_scripts.Time, NullLoggerFactory.Instance)));

        Assert.Contains(error.Errors, e => e.StartsWith(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Arguments_bind_as_a_list_and_the_output_mode_by_name()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Probes:0:Type"] = "command",
            ["Probes:0:Name"] = "sql-dump-check",
            ["Probes:0:Executable"] = "check_backup",
            ["Probes:0:Arguments:0"] = "--db",
            ["Probes:0:Arguments:1"] = "erp prod",
            ["Probes:0:Output"] = "json",
        };
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();

        var catalog = ProbeCatalog.Load(configuration.GetSection("Probes"), ProbeRegistry.Default, new ProbeContext(_scripts.Time, NullLoggerFactory.Instance));

        var options = Assert.IsType<CommandProbeOptions>(catalog.Probes[0].Options);
        Assert.Equal(["--db", "erp prod"], options.Arguments);
        Assert.Equal(CommandOutputMode.Json, options.Output);
        Assert.Equal(TimeSpan.FromMinutes(5), options.Timeout);
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
