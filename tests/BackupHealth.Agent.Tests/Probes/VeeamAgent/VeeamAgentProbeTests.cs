using BackupHealth.Agent.Hosting;
using BackupHealth.Agent.Probes;
using BackupHealth.Agent.Probes.Shared.Commands;
using BackupHealth.Agent.Probes.Shared.State;
using BackupHealth.Agent.Probes.VeeamAgent;
using BackupHealth.Agent.Tests.Support;
using BackupHealth.Contracts;
using BackupHealth.Contracts.V1;
using BackupHealth.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using NSubstitute;

namespace BackupHealth.Agent.Tests.Probes.VeeamAgent;

public sealed class VeeamAgentProbeTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2025, 3, 10, 6, 0, 0, TimeSpan.Zero);

    /// <summary>Local time here is UTC+2 (08:00 at <see cref="Now"/>).</summary>
    private static readonly TimeZoneInfo Plus2 = TimeZoneInfo.CreateCustomTimeZone("Test/Plus2", TimeSpan.FromHours(2), "Test +02", "Test +02");

    private const string NightlyId = "8f0c2a4e-1b3d-4c5e-9f70-123456789abc";
    private const string HomeWarningId = "1a2b3c4d-5e6f-4a1b-8c2d-3e4f5a6b7c8d";
    private const string HomeFailedId = "9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b";
    private const string DumpRunningId = "0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0";

    private const string Listing = """
        Job name                  Type      ID                                        State      Started at          Finished at
        Nightly system            Backup    {8f0c2a4e-1b3d-4c5e-9f70-123456789abc}    Success    2025-03-10 01:00    2025-03-10 01:12
        Home dirs to NAS          Backup    {1a2b3c4d-5e6f-4a1b-8c2d-3e4f5a6b7c8d}    Warning    2025-03-10 03:00    2025-03-10 03:45
        Home dirs to NAS          Backup    {9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b}    Failed     2025-03-09 03:00    2025-03-09 03:03
        Database dump  weekly     Backup    {0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0}    Running    2025-03-10 07:40
        Total amount: 4
        """;

    private readonly ICommandRunner _commands = Substitute.For<ICommandRunner>();
    private readonly FakeTimeProvider _time = new(Now);
    private readonly TestLogging _logging = new();
    private readonly IProbeStateStore _state = ProbeStateStores.InMemory().For("linux-agent");

    public void Dispose() => _logging.Dispose();

    private VeeamAgentProbe Probe(Action<VeeamAgentProbeOptions>? configure = null, ICommandRunner? commands = null)
    {
        var options = new VeeamAgentProbeOptions { Name = "linux-agent", Type = VeeamAgentProbe.TypeName };
        configure?.Invoke(options);
        return new VeeamAgentProbe(options, commands ?? _commands, _time, _state, _logging.For<VeeamAgentProbe>(), Plus2);
    }

    private void Prints(string output, int exitCode = 0, string error = "") =>
        _commands.RunAsync(Arg.Any<CommandSpec>(), Arg.Any<CancellationToken>()).Returns(new CommandResult(exitCode, output, error));

    [Fact]
    public async Task Rows_become_observations_with_names_containing_spaces_and_local_times_turned_to_utc()
    {
        Prints(Listing);

        var result = await Probe().RunAsync(CancellationToken.None);

        Assert.Equal(ProbeState.Ok, result.State);
        Assert.All(result.Observations, o => Assert.Null(ObservationValidator.Validate(o, Now, TimeSpan.FromMinutes(10))));
        var byId = result.Observations.ToDictionary(o => o.Attributes["session_id"]);
        Assert.Equal([NightlyId, HomeWarningId, HomeFailedId, DumpRunningId], result.Observations.Select(o => o.Attributes["session_id"]));
        var nightly = byId[NightlyId];
        Assert.Equal(RunStatus.Success, nightly.Status);
        Assert.Equal("Nightly system", nightly.JobName);
        Assert.Equal("linux-agent/Nightly system", nightly.JobKey);
        Assert.Equal("veeam.agent", nightly.SourceKind);
        Assert.Equal(Environment.MachineName, nightly.ProtectedObject);
        Assert.Equal(new DateTimeOffset(2025, 3, 9, 23, 0, 0, TimeSpan.Zero), nightly.StartTime.ToDateTimeOffset());
        Assert.Equal(new DateTimeOffset(2025, 3, 9, 23, 12, 0, TimeSpan.Zero), nightly.EndTime.ToDateTimeOffset());
        Assert.Equal("Backup", nightly.Attributes["session_type"]);
        Assert.Equal("Test/Plus2", nightly.Attributes["time_zone"]);
        Assert.Equal(RunStatus.Warning, byId[HomeWarningId].Status);
        Assert.Equal(RunStatus.Failed, byId[HomeFailedId].Status);
        var dump = byId[DumpRunningId];
        Assert.Equal(RunStatus.Running, dump.Status);
        Assert.Equal("Database dump  weekly", dump.JobName);
        Assert.Null(dump.EndTime);
        Assert.Equal(new DateTimeOffset(2025, 3, 10, 5, 40, 0, TimeSpan.Zero), dump.StartTime.ToDateTimeOffset());
    }

    [Fact]
    public async Task Runs_veeamconfig_session_list_without_a_shell_with_the_configured_program_and_timeout()
    {
        Prints(Listing);

        await Probe(o =>
        {
            o.Executable = "/opt/veeam/bin/veeamconfig";
            o.Timeout = TimeSpan.FromSeconds(45);
        }).RunAsync(CancellationToken.None);

        await _commands.Received(1).RunAsync(
            Arg.Is<CommandSpec>(c => c.FileName == "/opt/veeam/bin/veeamconfig" && c.Arguments.SequenceEqual(new[] { "session", "list" }) && c.Timeout == TimeSpan.FromSeconds(45)),
            Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task Each_session_is_reported_once_running_and_once_ended()
    {
        Prints(Listing);
        var first = await Probe().RunAsync(CancellationToken.None);
        var again = await Probe().RunAsync(CancellationToken.None);
        Prints(Listing.Replace(
            "Running    2025-03-10 07:40",
            "Failed     2025-03-10 07:40    2025-03-10 07:55",
            StringComparison.Ordinal));
        _time.Advance(TimeSpan.FromMinutes(20));

        var ended = await Probe().RunAsync(CancellationToken.None);

        Assert.Equal(4, first.Observations.Count);
        Assert.Empty(again.Observations);
        var end = Assert.Single(ended.Observations);
        Assert.Equal(DumpRunningId, end.Attributes["session_id"]);
        Assert.Equal(RunStatus.Failed, end.Status);
        Assert.Equal(new DateTimeOffset(2025, 3, 10, 5, 55, 0, TimeSpan.Zero), end.EndTime.ToDateTimeOffset());
        Assert.NotEqual(first.Observations.Single(o => o.Attributes["session_id"] == DumpRunningId).Id, end.Id);
    }

    [Fact]
    public async Task Sessions_that_ended_before_Lookback_are_not_reported()
    {
        Prints(Listing);

        var result = await Probe(o => o.Lookback = TimeSpan.FromHours(12)).RunAsync(CancellationToken.None);

        Assert.DoesNotContain(result.Observations, o => o.Attributes["session_id"] == HomeFailedId);
        Assert.Equal(3, result.Observations.Count);
    }

    [Fact]
    public async Task An_unknown_state_of_an_ended_session_is_a_failure_keeping_the_text()
    {
        Prints("""
            Job name   Type     ID                                       State     Started at         Finished at
            Etc        Backup   {8f0c2a4e-1b3d-4c5e-9f70-123456789abc}   Stopped   2025-03-10 01:00   2025-03-10 01:02
            Total amount: 1
            """);

        var observation = Assert.Single((await Probe().RunAsync(CancellationToken.None)).Observations);

        Assert.Equal(RunStatus.Failed, observation.Status);
        Assert.Equal("Stopped", observation.Attributes["vendor_state"]);
        Assert.Equal("veeamconfig state 'Stopped'", observation.Message);
    }

    [Fact]
    public async Task Seconds_in_times_and_an_empty_list_are_read()
    {
        Prints("""
            Job name   Type     ID                                       State     Started at            Finished at
            Etc        Backup   {8f0c2a4e-1b3d-4c5e-9f70-123456789abc}   Success   2025-03-10 01:00:07   2025-03-10 01:02:09
            Total amount: 1
            """);
        var withSeconds = Assert.Single((await Probe().RunAsync(CancellationToken.None)).Observations);
        Prints("Total amount: 0\n");

        var empty = await Probe(o => o.Name = "other").RunAsync(CancellationToken.None);

        Assert.Equal(new DateTimeOffset(2025, 3, 9, 23, 2, 9, TimeSpan.Zero), withSeconds.EndTime.ToDateTimeOffset());
        Assert.Equal(ProbeState.Ok, empty.State);
        Assert.Empty(empty.Observations);
    }

    [Fact]
    public async Task A_row_that_cannot_be_read_makes_the_run_a_probe_error_rather_than_a_quiet_gap()
    {
        Prints("""
            Job name   Type     ID                                       State     Started at         Finished at
            Etc        Backup   {8f0c2a4e-1b3d-4c5e-9f70-123456789abc}   Success   10.03.2025 01:00   10.03.2025 01:02
            Total amount: 1
            """);

        var result = await Probe().RunAsync(CancellationToken.None);

        Assert.Equal(ProbeState.Error, result.State);
        Assert.StartsWith("veeamconfig session list listed 1 session(s) but 0 row(s) could be read; e.g. 'Etc", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_trailer_count_that_differs_from_the_rows_is_a_probe_error()
    {
        Prints(Listing.Replace("Total amount: 4", "Total amount: 5", StringComparison.Ordinal));

        var result = await Probe().RunAsync(CancellationToken.None);

        Assert.Equal(ProbeState.Error, result.State);
        Assert.Equal("veeamconfig session list listed 5 session(s) but 4 row(s) could be read", result.Message);
    }

    [Fact]
    public async Task A_failing_veeamconfig_is_a_probe_error_with_its_message()
    {
        Prints("", exitCode: 1, error: "Error: Failed to connect to veeamservice daemon.\n");

        var result = await Probe().RunAsync(CancellationToken.None);

        Assert.Equal(ProbeState.Error, result.State);
        Assert.Equal("veeamconfig session list exited with code 1: Error: Failed to connect to veeamservice daemon.", result.Message);
    }

    [Fact]
    public async Task Veeamconfig_not_installed_is_a_probe_error()
    {
        _commands.RunAsync(Arg.Any<CommandSpec>(), Arg.Any<CancellationToken>())
            .Returns(new CommandResult(-1, "", "", StartError: "No such file or directory"));

        var result = await Probe().RunAsync(CancellationToken.None);

        Assert.Equal("cannot run veeamconfig: No such file or directory", result.Message);
    }

    // A shell script stands in for veeamconfig; Windows has Veeam Agent for Windows (veeam-events) instead.
    [LinuxFact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public async Task A_real_program_printing_the_listing_is_read_through_the_process_runner()
    {
        using var folder = new TempDirectory("veeamconfig");
        var script = folder.Combine("veeamconfig");
        await File.WriteAllTextAsync(script, $"""
            #!/bin/sh
            if [ "$1" != "session" ] || [ "$2" != "list" ] || [ "$#" -ne 2 ]; then
              echo "unexpected arguments: $*" >&2
              exit 3
            fi
            cat <<'LISTING'
            {Listing}
            LISTING
            """.Replace("\r\n", "\n", StringComparison.Ordinal));
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        var result = await Probe(o => o.Executable = script, new ProcessCommandRunner(TimeProvider.System)).RunAsync(CancellationToken.None);

        Assert.Equal(ProbeState.Ok, result.State);
        Assert.Equal(["Database dump  weekly", "Home dirs to NAS", "Home dirs to NAS", "Nightly system"], result.Observations.Select(o => o.JobName).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("Probes:0:Executable", "", "Probes:0:Executable: The Executable field is required.")]
    [InlineData("Probes:0:Executable", "bin/veeamconfig", "Probes:0:Executable: must be a program name found on PATH or an absolute path")]
    [InlineData("Probes:0:Timeout", "00:00:00", "Probes:0:Timeout: The field Timeout must be between 00:00:01 and 01:00:00.")]
    [InlineData("Probes:0:Lookback", "soon", "Probes:0:Lookback: 'soon' is not a valid TimeSpan")]
    public void Bad_settings_stop_start_naming_the_setting(string key, string value, string expected)
    {
        var settings = new Dictionary<string, string?> { ["Probes:0:Type"] = "veeam-agent", ["Probes:0:Name"] = "linux-agent", [key] = value };
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();

        var error = Assert.Throws<AgentConfigurationException>(() =>
            ProbeCatalog.Load(configuration.GetSection("Probes"), ProbeRegistry.Default, new ProbeContext(_time, NullLoggerFactory.Instance)));

        Assert.Contains(error.Errors, e => e.StartsWith(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Defaults_are_veeamconfig_on_PATH_and_two_minutes()
    {
        var settings = new Dictionary<string, string?> { ["Probes:0:Type"] = "veeam-agent", ["Probes:0:Name"] = "linux-agent" };
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();

        var catalog = ProbeCatalog.Load(configuration.GetSection("Probes"), ProbeRegistry.Default, new ProbeContext(_time, NullLoggerFactory.Instance));

        var options = Assert.IsType<VeeamAgentProbeOptions>(catalog.Probes[0].Options);
        Assert.IsType<VeeamAgentProbe>(catalog.Probes[0].Probe);
        Assert.Equal("veeamconfig", options.Executable);
        Assert.Equal(TimeSpan.FromMinutes(2), options.Timeout);
    }
}
