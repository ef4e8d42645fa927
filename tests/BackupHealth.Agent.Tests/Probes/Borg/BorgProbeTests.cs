using BackupHealth.Agent.Hosting;
using BackupHealth.Agent.Probes;
using BackupHealth.Agent.Probes.Borg;
using BackupHealth.Agent.Probes.Shared.Commands;
using BackupHealth.Agent.Probes.Shared.State;
using BackupHealth.Agent.Tests.Support;
using BackupHealth.Contracts.V1;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using NSubstitute;

namespace BackupHealth.Agent.Tests.Probes.Borg;

/// <summary>Time zones, versions and return codes the real borg of the test host cannot show, from output written
/// here in borg's documented shape, through a substitute runner.</summary>
public sealed class BorgProbeTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2025, 3, 31, 12, 0, 0, TimeSpan.Zero);

    private const string List = """
        {"archives":[
          {"archive":"fs01-2025-03-30","name":"fs01-2025-03-30","id":"aa11","start":"2025-03-30T01:30:00.000000","time":"2025-03-30T01:30:00.000000"},
          {"archive":"fs01-2025-03-31","name":"fs01-2025-03-31","id":"bb22","start":"2025-03-31T02:00:00.000000","time":"2025-03-31T02:00:00.000000"}],
         "encryption":{"mode":"repokey"},"repository":{"id":"r1","last_modified":"2025-03-31T02:10:00.000000","location":"/srv/borg"}}
        """;

    private const string Info = """
        {"archives":[{"name":"fs01-2025-03-31","id":"bb22","start":"2025-03-31T02:00:00.000000","end":"2025-03-31T02:10:30.000000",
          "duration":630.0,"hostname":"fs01","username":"root","comment":"",
          "stats":{"original_size":5000000,"compressed_size":4000000,"deduplicated_size":12345,"nfiles":321}}],
         "cache":{"path":"/var/lib/backuphealth-agent/borg/cache/r1"},"encryption":{"mode":"repokey"},"repository":{"id":"r1","location":"/srv/borg"}}
        """;

    private readonly ICommandRunner _commands = Substitute.For<ICommandRunner>();
    private readonly FakeTimeProvider _time = new(Now);
    private readonly TestLogging _logging = new();
    private readonly IProbeStateStore _state = ProbeStateStores.InMemory().For("fs01-borg");

    public BorgProbeTests()
    {
        Returns("--version", "borg 1.2.8\n");
        Returns("list", List);
        Returns("info", Info);
    }

    public void Dispose() => _logging.Dispose();

    private BorgProbe Probe(Action<BorgProbeOptions>? configure = null)
    {
        var options = new BorgProbeOptions
        {
            Name = "fs01-borg",
            Type = BorgProbe.TypeName,
            Repository = "ssh://borg@nas01/./fs01",
            Passphrase = "hunter2",
            TimeZone = "Europe/Berlin",
        };
        configure?.Invoke(options);
        return new BorgProbe(options, _commands, _time, _state, _logging.For<BorgProbe>());
    }

    private void Returns(string command, string output, int code = 0, string error = "") =>
        _commands.RunAsync(Arg.Is<CommandSpec>(c => c.Arguments.Contains(command)), Arg.Any<CancellationToken>())
            .Returns(new CommandResult(code, output, error));

    [Fact]
    public async Task Local_times_are_read_in_the_configured_zone_across_a_daylight_saving_change()
    {
        var result = await Probe().RunAsync(CancellationToken.None);

        Assert.Equal(ProbeState.Ok, result.State);
        // Berlin went from +01:00 to +02:00 at 2025-03-30 02:00 local.
        var before = result.Observations.Single(o => o.RunId == "aa11");
        Assert.Equal(new DateTimeOffset(2025, 3, 30, 0, 30, 0, TimeSpan.Zero), before.StartTime.ToDateTimeOffset());
        var after = result.Observations.Single(o => o.RunId == "bb22");
        Assert.Equal(new DateTimeOffset(2025, 3, 31, 0, 0, 0, TimeSpan.Zero), after.StartTime.ToDateTimeOffset());
        Assert.Equal(new DateTimeOffset(2025, 3, 31, 0, 10, 30, TimeSpan.Zero), after.EndTime.ToDateTimeOffset());
        Assert.Equal(5000000, after.SizeBytes);
        Assert.Equal("12345", after.Attributes["deduplicated_size"]);
        Assert.Equal("fs01", after.ProtectedObject);
        Assert.Equal("Europe/Berlin", after.Attributes["time_zone"]);
    }

    [Fact]
    public async Task Of_two_archives_in_the_same_second_the_later_listed_one_gets_the_check_verdict()
    {
        // borg prints whole seconds and lists oldest first: two quick backups share a start time.
        Returns("list", List.Replace("2025-03-30T01:30:00", "2025-03-31T02:00:00", StringComparison.Ordinal));
        Returns("check", "");

        var result = await Probe(o => o.CheckInterval = TimeSpan.FromDays(7)).RunAsync(CancellationToken.None);

        Assert.Equal(VerificationState.Passed, result.Observations.Single(o => o.RunId == "bb22").Verification.State);
        Assert.Equal(VerificationState.NotVerified, result.Observations.Single(o => o.RunId == "aa11").Verification.State);
    }

    [Fact]
    public async Task A_checkpoint_only_info_names_is_added_as_a_warning()
    {
        Returns("info", Info.Replace("\"name\":\"fs01-2025-03-31\",\"id\":\"bb22\"", "\"name\":\"fs01-2025-03-31T11.checkpoint.2\",\"id\":\"cc33\"", StringComparison.Ordinal)
            .Replace("2025-03-31T02:00:00.000000\",\"end", "2025-03-31T11:00:00.000000\",\"end", StringComparison.Ordinal)
            .Replace("2025-03-31T02:10:30.000000", "2025-03-31T11:20:00.000000", StringComparison.Ordinal));

        var result = await Probe().RunAsync(CancellationToken.None);

        var checkpoint = result.Observations.Single(o => o.RunId == "cc33");
        Assert.Equal(RunStatus.Warning, checkpoint.Status);
        Assert.Equal("checkpoint (interrupted backup)", checkpoint.Message);
        Assert.Equal(3, result.Observations.Count);
    }

    [Theory]
    [InlineData("borg 1.2.8", true)]
    [InlineData("borg 1.1.18", false)]
    public async Task Checkpoints_are_asked_for_only_from_borg_versions_that_hide_them(string version, bool asked)
    {
        Returns("--version", version);

        await Probe().RunAsync(CancellationToken.None);

        await _commands.Received(1).RunAsync(
            Arg.Is<CommandSpec>(c => c.Arguments.Contains("list") && c.Arguments.Contains("--consider-checkpoints") == asked),
            Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task Borg_2_is_refused_with_a_probe_error()
    {
        Returns("--version", "borg 2.0.0b14");

        var result = await Probe().RunAsync(CancellationToken.None);

        Assert.Equal("borg 2.0.0 is not supported (its repositories and commands differ from borg 1.x)", result.Message);
    }

    [Fact]
    public async Task Return_code_1_is_a_warning_and_the_listing_is_still_read()
    {
        Returns("list", List, code: 1, error: "Warning: something borg found odd\n");

        var result = await Probe().RunAsync(CancellationToken.None);

        Assert.Equal(ProbeState.Ok, result.State);
        Assert.Equal(2, result.Observations.Count);
    }

    [Theory]
    [InlineData("Failed to create/acquire the lock /srv/borg/lock.exclusive (timeout).", "borg repository ssh://borg@nas01/./fs01 is locked (a backup, prune or check running?) and stayed locked for LockWait: Failed to create/acquire the lock /srv/borg/lock.exclusive (timeout).")]
    [InlineData("Remote: Borg server: Repository /srv/borg does not exist.", "borg repository ssh://borg@nas01/./fs01 does not exist or is not a borg repository (check Repository): Remote: Borg server: Repository /srv/borg does not exist.")]
    [InlineData("Connection closed by remote host", "borg --lock-wait 60 list --json --consider-checkpoints returned 2: Connection closed by remote host")]
    public async Task Return_code_2_is_a_probe_error_saying_why(string stderr, string expected)
    {
        Returns("list", "", code: 2, error: stderr);

        var result = await Probe().RunAsync(CancellationToken.None);

        Assert.Equal(ProbeState.Error, result.State);
        Assert.Equal(expected, result.Message);
    }

    [Fact]
    public async Task The_passphrase_and_repository_travel_in_the_environment_never_in_the_arguments()
    {
        await Probe(o =>
        {
            o.GlobArchives = "fs01-*";
            o.BaseDirectory = "/var/lib/backuphealth/borg";
        }).RunAsync(CancellationToken.None);

        await _commands.Received(1).RunAsync(
            Arg.Is<CommandSpec>(c =>
                c.Arguments.SequenceEqual(new[] { "--lock-wait", "60", "info", "--json", "--last", "1", "--glob-archives", "fs01-*" })
                && c.Environment!["BORG_PASSPHRASE"] == "hunter2"
                && c.Environment["BORG_REPO"] == "ssh://borg@nas01/./fs01"
                && c.Environment["BORG_BASE_DIR"] == "/var/lib/backuphealth/borg"
                && c.Environment["BORG_PASSCOMMAND"] == null
                && c.Environment["BORG_RELOCATED_REPO_ACCESS_IS_OK"] == "no"
                && c.Environment["BORG_UNKNOWN_UNENCRYPTED_REPO_ACCESS_IS_OK"] == "no"
                && !c.Display.Contains("hunter2")),
            Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task Info_is_asked_only_when_the_newest_archive_is_new()
    {
        var probe = Probe();
        await probe.RunAsync(CancellationToken.None);
        var again = await probe.RunAsync(CancellationToken.None);

        Assert.Empty(again.Observations);
        await _commands.Received(1).RunAsync(Arg.Is<CommandSpec>(c => c.Arguments.Contains("info")), Arg.Any<CancellationToken>());
        await _commands.Received(1).RunAsync(Arg.Is<CommandSpec>(c => c.Arguments.Contains("--version")), Arg.Any<CancellationToken>());
    }

    [Theory]
    [InlineData("Probes:0:Repository", "", "Probes:0:Repository: The Repository field is required.")]
    [InlineData("Probes:0:PassphraseFile", "/etc/borg/pass", "Probes:0:PassphraseFile: set Passphrase or PassphraseFile, not both")]
    [InlineData("Probes:0:TimeZone", "Mars/Olympus", "Probes:0:TimeZone: 'Mars/Olympus' is not a time zone known to this host")]
    [InlineData("Probes:0:BaseDirectory", "borg", "Probes:0:BaseDirectory: must be an absolute folder path")]
    [InlineData("Probes:0:Environment:BORG_PASSPHRASE", "x", "Probes:0:Environment:BORG_PASSPHRASE: set the repository and its passphrase")]
    public void Bad_settings_stop_start_naming_the_setting(string key, string value, string expected)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Probes:0:Type"] = "borg",
            ["Probes:0:Name"] = "fs01-borg",
            ["Probes:0:Repository"] = "/srv/borg",
            ["Probes:0:Passphrase"] = "pw",
            [key] = value,
        };
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();

        var error = Assert.Throws<AgentConfigurationException>(() =>
            ProbeCatalog.Load(configuration.GetSection("Probes"), ProbeRegistry.Default, new ProbeContext(_time, NullLoggerFactory.Instance)));

        Assert.Contains(error.Errors, e => e.StartsWith(expected, StringComparison.Ordinal));
    }
}
