using BackupHealth.Agent.Hosting;
using BackupHealth.Agent.Probes;
using BackupHealth.Agent.Probes.Shared.Commands;
using BackupHealth.Agent.Probes.Restic;
using BackupHealth.Agent.Probes.Shared.State;
using BackupHealth.Agent.Tests.Support;
using BackupHealth.Contracts;
using BackupHealth.Contracts.V1;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using NSubstitute;

namespace BackupHealth.Agent.Tests.Probes.Restic;

/// <summary>What the Debian restic (0.14) cannot produce: the summary block of restic ≥ 0.17, its distinct exit
/// codes, and exit code 3 — from output written here in restic's documented shape, through a substitute runner.</summary>
public sealed class ResticProbeTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2025, 3, 10, 6, 0, 0, TimeSpan.Zero);

    private const string NewestId = "4f1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8";
    private const string OlderId = "9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a291807f6e5d4c3b2a1908f7e6d5c4b";

    /// <summary>Two snapshots of restic 0.17.3 with a summary; times in the host's +01:00 with nanoseconds.</summary>
    private const string WithSummary = $$$"""
        [
          {"time":"2025-03-10T02:00:01.123456789+01:00","tree":"aa","paths":["/srv/www","/etc"],"hostname":"web01","username":"root",
           "tags":["nightly","www"],"program_version":"restic 0.17.3","id":"{{{OlderId}}}","short_id":"9e8d7c6b",
           "summary":{"backup_start":"2025-03-10T02:00:00.5+01:00","backup_end":"2025-03-10T02:03:30.25+01:00","files_new":3,
             "files_changed":1,"files_unmodified":900,"dirs_new":0,"dirs_changed":2,"dirs_unmodified":80,"data_blobs":5,"tree_blobs":3,
             "data_added":52428,"data_added_packed":31000,"total_files_processed":904,"total_bytes_processed":734003200}},
          {"time":"2025-03-10T06:00:02.000000001+01:00","tree":"bb","paths":["/srv/www","/etc"],"hostname":"web01","username":"root",
           "program_version":"restic 0.17.3","id":"{{{NewestId}}}","short_id":"4f1a2b3c",
           "summary":{"backup_start":"2025-03-10T06:00:00+01:00","backup_end":"2025-03-10T06:10:00+01:00","data_added":1024,
             "total_files_processed":905,"total_bytes_processed":734100000}}
        ]
        """;

    private readonly ICommandRunner _commands = Substitute.For<ICommandRunner>();
    private readonly FakeTimeProvider _time = new(Now);
    private readonly TestLogging _logging = new();
    private readonly IProbeStateStore _state = ProbeStateStores.InMemory().For("web-restic");

    public void Dispose() => _logging.Dispose();

    private ResticProbe Probe(Action<ResticProbeOptions>? configure = null)
    {
        var options = new ResticProbeOptions
        {
            Name = "web-restic",
            Type = ResticProbe.TypeName,
            Repository = "rest:https://backup:s3cret@nas.example:8000/web01",
            Password = "hunter2",
        };
        configure?.Invoke(options);
        return new ResticProbe(options, _commands, _time, _state, _logging.For<ResticProbe>());
    }

    private void Snapshots(string output, int exitCode = 0, string error = "") =>
        _commands.RunAsync(Arg.Is<CommandSpec>(c => c.Arguments[0] == "snapshots"), Arg.Any<CancellationToken>())
            .Returns(new CommandResult(exitCode, output, error));

    private void Check(int exitCode, string error = "") =>
        _commands.RunAsync(Arg.Is<CommandSpec>(c => c.Arguments[0] == "check"), Arg.Any<CancellationToken>())
            .Returns(new CommandResult(exitCode, "no errors were found\n", error));

    [Fact]
    public async Task The_summary_block_gives_start_end_and_the_processed_size_in_utc()
    {
        Snapshots(WithSummary);

        var result = await Probe().RunAsync(CancellationToken.None);

        Assert.Equal(ProbeState.Ok, result.State);
        Assert.All(result.Observations, o => Assert.Null(ObservationValidator.Validate(o, Now, TimeSpan.FromMinutes(10))));
        var older = result.Observations.Single(o => o.RunId == OlderId);
        Assert.Equal(new DateTimeOffset(2025, 3, 10, 1, 0, 0, 500, TimeSpan.Zero), older.StartTime.ToDateTimeOffset());
        Assert.Equal(new DateTimeOffset(2025, 3, 10, 1, 3, 30, 250, TimeSpan.Zero), older.EndTime.ToDateTimeOffset());
        Assert.Equal(734003200, older.SizeBytes);
        Assert.Equal("52428", older.Attributes["data_added"]);
        Assert.Equal("904", older.Attributes["total_files_processed"]);
        Assert.Equal("restic 0.17.3", older.Attributes["program_version"]);
        Assert.Equal("/srv/www\n/etc", older.Attributes["paths"]);
        Assert.Equal("nightly,www", older.Attributes["tags"]);
        Assert.Equal("rest:https://***@nas.example:8000/web01", older.Attributes["repository"]);
        Assert.Equal("web01", older.ProtectedObject);
        Assert.Equal(RunStatus.Success, older.Status);
        var newest = result.Observations.Single(o => o.RunId == NewestId);
        Assert.Equal(new DateTimeOffset(2025, 3, 10, 5, 10, 0, TimeSpan.Zero), newest.EndTime.ToDateTimeOffset());
    }

    [Fact]
    public async Task Without_a_summary_block_the_snapshot_time_is_start_and_end_and_the_size_unknown()
    {
        Snapshots($$"""[{"time":"2025-03-10T04:30:00.987654321Z","paths":["/home"],"hostname":"nas","username":"backup","id":"{{OlderId}}","short_id":"9e8d7c6b"}]""");

        var observation = Assert.Single((await Probe().RunAsync(CancellationToken.None)).Observations);

        Assert.Equal(new DateTimeOffset(2025, 3, 10, 4, 30, 0, TimeSpan.Zero).AddTicks(9876543), observation.StartTime.ToDateTimeOffset());
        Assert.Equal(observation.StartTime, observation.EndTime);
        Assert.Equal(0, observation.SizeBytes);
        Assert.False(observation.Attributes.ContainsKey("data_added"));
        Assert.Equal("", observation.Attributes["tags"]);
    }

    [Fact]
    public async Task Exit_code_3_makes_the_newest_snapshot_a_warning_with_restics_complaint()
    {
        Snapshots(WithSummary, exitCode: 3, error: "error: open /srv/www/locked.db: permission denied\n");

        var result = await Probe().RunAsync(CancellationToken.None);

        Assert.Equal(ProbeState.Ok, result.State);
        var newest = result.Observations.Single(o => o.RunId == NewestId);
        Assert.Equal(RunStatus.Warning, newest.Status);
        Assert.Equal("restic exited with code 3: the snapshot was made but some source data could not be read: error: open /srv/www/locked.db: permission denied", newest.Message);
        Assert.Equal(RunStatus.Success, result.Observations.Single(o => o.RunId == OlderId).Status);
    }

    [Fact]
    public async Task An_incomplete_snapshot_stays_a_warning_when_a_later_check_reports_it_again()
    {
        Snapshots(WithSummary, exitCode: 3, error: "error: permission denied\n");
        await Probe().RunAsync(CancellationToken.None);
        Snapshots(WithSummary);
        Check(0);

        var result = await Probe(o => o.CheckInterval = TimeSpan.FromDays(7)).RunAsync(CancellationToken.None);

        var verified = Assert.Single(result.Observations);
        Assert.Equal(NewestId, verified.RunId);
        Assert.Equal(RunStatus.Warning, verified.Status);
        Assert.Equal(VerificationState.Passed, verified.Verification.State);
    }

    [Theory]
    [InlineData(10, "Fatal: repository does not exist: unable to open config file", "restic repository rest:https://***@nas.example:8000/web01 does not exist or cannot be opened (check Repository): Fatal: repository does not exist: unable to open config file")]
    [InlineData(12, "Fatal: wrong password or no key found", "wrong password for restic repository rest:https://***@nas.example:8000/web01 (check Password/PasswordFile): Fatal: wrong password or no key found")]
    [InlineData(11, "Fatal: unable to create lock in backend: repository is already locked exclusively by PID 4711", "restic repository rest:https://***@nas.example:8000/web01 is locked by another restic process: Fatal: unable to create lock in backend: repository is already locked exclusively by PID 4711")]
    [InlineData(1, "Fatal: unable to open config file: stat /mnt/gone/config: no such file or directory\nIs there a repository at the following location?\n/mnt/gone", "restic repository rest:https://***@nas.example:8000/web01 does not exist or cannot be opened (check Repository): Fatal: unable to open config file: stat /mnt/gone/config: no such file or directory; Is there a repository at the following location?; /mnt/gone")]
    [InlineData(1, "Fatal: wrong password or no key found", "wrong password for restic repository rest:https://***@nas.example:8000/web01 (check Password/PasswordFile): Fatal: wrong password or no key found")]
    [InlineData(130, "signal interrupt received, cleaning up", "restic snapshots --json --no-lock exited with code 130: signal interrupt received, cleaning up")]
    public async Task Failures_are_probe_errors_named_by_exit_code_or_by_the_older_versions_stderr(int exitCode, string stderr, string expected)
    {
        Snapshots("", exitCode, stderr);

        var result = await Probe().RunAsync(CancellationToken.None);

        Assert.Equal(ProbeState.Error, result.State);
        Assert.Equal(expected, result.Message);
    }

    [Fact]
    public async Task Output_that_is_not_a_snapshot_list_is_a_probe_error()
    {
        Snapshots("""{"message_type":"status"}""");
        var notAList = await Probe().RunAsync(CancellationToken.None);
        Snapshots($$"""[{"time":"yesterday","id":"{{OlderId}}"}]""");
        var badTime = await Probe().RunAsync(CancellationToken.None);

        Assert.Equal(ProbeState.Error, notAList.State);
        Assert.StartsWith("restic snapshots --json --no-lock printed something that is not a snapshot list:", notAList.Message, StringComparison.Ordinal);
        Assert.Equal($"restic snapshots --json --no-lock printed a snapshot without an id or a readable time (id '{OlderId}', time 'yesterday')", badTime.Message);
    }

    [Fact]
    public async Task The_password_and_repository_travel_in_the_environment_never_in_the_arguments()
    {
        Snapshots("[]");

        await Probe(o =>
        {
            o.Host = "web01";
            o.Tags = ["nightly", "a,b"];
            o.Paths = ["/srv/www"];
            o.CacheDirectory = "/var/cache/restic";
            o.Environment = new() { ["AWS_ACCESS_KEY_ID"] = "AKIA" };
        }).RunAsync(CancellationToken.None);

        await _commands.Received(1).RunAsync(
            Arg.Is<CommandSpec>(c =>
                c.Arguments.SequenceEqual(new[] { "snapshots", "--json", "--no-lock", "--cache-dir", "/var/cache/restic", "--host", "web01", "--tag", "nightly", "--tag", "a,b", "--path", "/srv/www" })
                && c.Environment!["RESTIC_PASSWORD"] == "hunter2"
                && c.Environment["RESTIC_PASSWORD_FILE"] == null
                && c.Environment["RESTIC_REPOSITORY"] == "rest:https://backup:s3cret@nas.example:8000/web01"
                && c.Environment["AWS_ACCESS_KEY_ID"] == "AKIA"
                && !c.Display.Contains("hunter2") && !c.Display.Contains("s3cret")),
            Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task A_locked_repository_gives_no_verdict_and_the_check_is_tried_on_the_next_run()
    {
        Snapshots(WithSummary);
        Check(1, "Fatal: unable to create lock in backend: repository is already locked exclusively by PID 4711\n");
        var probe = Probe(o => o.CheckInterval = TimeSpan.FromDays(7));
        var locked = await probe.RunAsync(CancellationToken.None);
        Check(0);

        var next = await probe.RunAsync(CancellationToken.None);

        Assert.All(locked.Observations, o => Assert.Equal(VerificationState.NotVerified, o.Verification.State));
        var verified = Assert.Single(next.Observations);
        Assert.Equal(VerificationState.Passed, verified.Verification.State);
        Assert.Equal(NewestId, verified.RunId);
        await _commands.Received(2).RunAsync(Arg.Is<CommandSpec>(c => c.Arguments[0] == "check"), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task Without_CheckInterval_restic_check_never_runs()
    {
        Snapshots(WithSummary);

        var result = await Probe().RunAsync(CancellationToken.None);

        Assert.All(result.Observations, o => Assert.Equal(VerificationState.NotVerified, o.Verification.State));
        await _commands.DidNotReceive().RunAsync(Arg.Is<CommandSpec>(c => c.Arguments[0] == "check"), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task Snapshots_older_than_Lookback_are_not_reported()
    {
        Snapshots(WithSummary);

        var result = await Probe(o => o.Lookback = TimeSpan.FromHours(2)).RunAsync(CancellationToken.None);

        Assert.Equal(NewestId, Assert.Single(result.Observations).RunId);
    }

    [Theory]
    [InlineData("Probes:0:Repository", "", "Probes:0:Repository: The Repository field is required.")]
    [InlineData("Probes:0:PasswordFile", "/etc/restic/pw", "Probes:0:PasswordFile: set Password or PasswordFile, not both")]
    [InlineData("Probes:0:CheckReadDataSubset", "lots", "Probes:0:CheckReadDataSubset: must be like 10%, 1/5 or 500M")]
    [InlineData("Probes:0:CheckInterval", "00:00:10", "Probes:0:CheckInterval: The field CheckInterval must be between 00:01:00 and 365.00:00:00.")]
    [InlineData("Probes:0:CacheDirectory", "cache", "Probes:0:CacheDirectory: must be an absolute folder path")]
    [InlineData("Probes:0:Environment:RESTIC_PASSWORD", "x", "Probes:0:Environment:RESTIC_PASSWORD: set the repository and its password with Repository and Password/PasswordFile")]
    [InlineData("Probes:0:JobPer", "Snapshot", "Probes:0:JobPer")]
    public void Bad_settings_stop_start_naming_the_setting(string key, string value, string expected)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Probes:0:Type"] = "restic",
            ["Probes:0:Name"] = "web-restic",
            ["Probes:0:Repository"] = "/srv/restic",
            ["Probes:0:Password"] = "pw",
            [key] = value,
        };
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();

        var error = Assert.Throws<AgentConfigurationException>(() =>
            ProbeCatalog.Load(configuration.GetSection("Probes"), ProbeRegistry.Default, new ProbeContext(_time, NullLoggerFactory.Instance)));

        Assert.Contains(error.Errors, e => e.StartsWith(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void A_minimal_configuration_is_a_restic_probe_with_defaults()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Probes:0:Type"] = "restic",
            ["Probes:0:Name"] = "web-restic",
            ["Probes:0:Repository"] = "/srv/restic",
            ["Probes:0:Password"] = "pw",
        };
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();

        var catalog = ProbeCatalog.Load(configuration.GetSection("Probes"), ProbeRegistry.Default, new ProbeContext(_time, NullLoggerFactory.Instance));

        var options = Assert.IsType<ResticProbeOptions>(catalog.Probes[0].Options);
        Assert.IsType<ResticProbe>(catalog.Probes[0].Probe);
        Assert.Equal("restic", options.Executable);
        Assert.Null(options.CheckInterval);
        Assert.Equal(ResticJobPer.Repository, options.JobPer);
    }
}
