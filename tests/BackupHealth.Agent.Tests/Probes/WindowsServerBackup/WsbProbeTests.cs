using System.Diagnostics.Tracing;
using BackupHealth.Agent.Hosting;
using BackupHealth.Agent.Probes;
using BackupHealth.Agent.Probes.Shared.Commands;
using BackupHealth.Agent.Probes.Shared.EventLog;
using BackupHealth.Agent.Probes.Shared.State;
using BackupHealth.Agent.Probes.WindowsServerBackup;
using BackupHealth.Agent.Tests.Probes.Shared.EventLog;
using BackupHealth.Agent.Tests.Support;
using BackupHealth.Contracts;
using BackupHealth.Contracts.V1;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using NSubstitute;

namespace BackupHealth.Agent.Tests.Probes.WindowsServerBackup;

public sealed class WsbProbeTests : IDisposable
{
    private const string Log = WsbProbeOptions.DefaultLogName;
    private static readonly DateTimeOffset Now = new(2025, 3, 10, 6, 0, 0, TimeSpan.Zero);
    private readonly RecordedEventSource _source = new();
    private readonly ICommandRunner _commands = Substitute.For<ICommandRunner>();
    private readonly FakeTimeProvider _time = new(Now);
    private readonly TestLogging _logging = new();
    private readonly IProbeStateStore _state = ProbeStateStores.InMemory().For("wsb01");
    private long _nextRecordId = 300;

    public void Dispose() => _logging.Dispose();

    private WsbProbe Probe(Action<WsbProbeOptions>? configure = null)
    {
        var options = new WsbProbeOptions { Name = "wsb01", Type = WsbProbe.TypeName };
        configure?.Invoke(options);
        return new WsbProbe(options, _source, _commands, _time, _state, _logging.For<WsbProbe>());
    }

    private WindowsEvent Event(int id, TimeSpan age, EventLevel level = EventLevel.Informational, Dictionary<string, string>? data = null, long? recordId = null) =>
        new(Log, id, level, (_time.GetUtcNow() - age).UtcDateTime, recordId ?? _nextRecordId++, data ?? new Dictionary<string, string>());

    private void Wbadmin(string output, int exitCode = 0, string error = "") =>
        _commands.RunAsync(Arg.Any<CommandSpec>(), Arg.Any<CancellationToken>()).Returns(new CommandResult(exitCode, output, error));

    [Theory]
    [InlineData(4, RunStatus.Success, "success")]
    [InlineData(5, RunStatus.Failed, "failed")]
    [InlineData(7, RunStatus.Warning, "completed_with_errors")]
    [InlineData(9, RunStatus.Failed, "vss_failed")]
    [InlineData(19, RunStatus.Failed, "failed_to_start")]
    [InlineData(49, RunStatus.Failed, "no_storage_location")]
    [InlineData(51, RunStatus.Warning, "low_on_space")]
    [InlineData(146, RunStatus.Warning, "volume_missing")]
    public async Task Each_backup_event_id_has_its_status(int eventId, RunStatus expected, string outcome)
    {
        _source.Add(Event(eventId, TimeSpan.FromHours(1)));

        var result = await Probe().RunAsync(CancellationToken.None);

        var observation = Assert.Single(result.Observations);
        Assert.Equal(expected, observation.Status);
        Assert.Equal(outcome, observation.Attributes["outcome"]);
        Assert.Equal(eventId.ToString(System.Globalization.CultureInfo.InvariantCulture), observation.Attributes["event_id"]);
        Assert.Equal("windows.wsb", observation.SourceKind);
        Assert.Equal("wsb01/wsb", observation.JobKey);
        Assert.Equal("Windows Server Backup", observation.JobName);
        Assert.Equal(Environment.MachineName, observation.ProtectedObject);
        Assert.Null(ObservationValidator.Validate(observation, Now, TimeSpan.FromMinutes(10)));
    }

    [Fact]
    public async Task A_failure_says_its_HRESULTs_and_target_and_starts_at_its_BackupTime()
    {
        _source.Add(Event(5, TimeSpan.FromHours(2), EventLevel.Error, new Dictionary<string, string>
        {
            ["BackupTime"] = "2025-03-10T01:00:07.250000000Z",
            ["BackupTarget"] = @"\\?\Volume{3f2a1b0c-9d8e-4f7a-b6c5-d4e3f2a1b0c9}",
            ["HRESULT"] = "-2139619061",
            ["DetailedHRESULT"] = "0x807800c5",
        }));

        var observation = Assert.Single((await Probe().RunAsync(CancellationToken.None)).Observations);

        Assert.Equal(RunStatus.Failed, observation.Status);
        Assert.Equal(new DateTimeOffset(2025, 3, 10, 1, 0, 7, 250, TimeSpan.Zero), observation.StartTime.ToDateTimeOffset());
        Assert.Equal(Now - TimeSpan.FromHours(2), observation.EndTime.ToDateTimeOffset());
        Assert.Equal(
            @"the backup failed; HRESULT 0x8078010B, detailed 0x807800C5; target \\?\Volume{3f2a1b0c-9d8e-4f7a-b6c5-d4e3f2a1b0c9}",
            observation.Message);
        Assert.Equal("0x8078010B", observation.Attributes["hresult"]);
        Assert.Equal("0x807800C5", observation.Attributes["detailed_hresult"]);
        Assert.Equal(@"\\?\Volume{3f2a1b0c-9d8e-4f7a-b6c5-d4e3f2a1b0c9}", observation.Attributes["backup_target"]);
    }

    [Fact]
    public async Task A_BackupTime_after_its_event_or_not_a_time_is_not_taken_as_the_start()
    {
        _source.Add(
            Event(4, TimeSpan.FromHours(3), data: new() { ["BackupTime"] = "2025-03-10T05:59:00Z" }),
            Event(4, TimeSpan.FromHours(2), data: new() { ["BackupTime"] = "gestern" }));

        var result = await Probe().RunAsync(CancellationToken.None);

        Assert.All(result.Observations, o => Assert.Equal(o.EndTime, o.StartTime));
        Assert.Equal("gestern", result.Observations[1].Attributes["backup_time"]);
    }

    [Fact]
    public async Task Only_the_backup_ids_are_asked_for_and_the_next_run_continues_after_the_last_record()
    {
        _source.Add(Event(4, TimeSpan.FromHours(26)), Event(1, TimeSpan.FromHours(25)), Event(14, TimeSpan.FromHours(2)));
        var first = await Probe().RunAsync(CancellationToken.None);
        _time.Advance(TimeSpan.FromMinutes(5));
        var newer = Event(5, TimeSpan.FromMinutes(1), EventLevel.Error);
        _source.Add(newer);
        var second = await Probe().RunAsync(CancellationToken.None);
        var nothingNew = await Probe().RunAsync(CancellationToken.None);

        Assert.Equal([4, 5, 7, 9, 19, 49, 51, 146], _source.Queries[0].EventIds);
        Assert.Equal(RunStatus.Success, Assert.Single(first.Observations).Status);
        Assert.Equal(newer.RecordId.ToString(System.Globalization.CultureInfo.InvariantCulture), Assert.Single(second.Observations).Attributes["record_id"]);
        Assert.Empty(nothingNew.Observations);
        Assert.Equal(newer.RecordId, _source.Queries[^1].AfterRecordId);
    }

    [Fact]
    public async Task The_first_run_reads_back_Lookback_and_a_reread_event_keeps_its_id()
    {
        _source.Add(Event(4, TimeSpan.FromDays(3)), Event(4, TimeSpan.FromDays(1)));

        var first = await Probe(o => o.Lookback = TimeSpan.FromDays(2)).RunAsync(CancellationToken.None);
        var fresh = new WsbProbe(
            new WsbProbeOptions { Name = "wsb01", Type = WsbProbe.TypeName, Lookback = TimeSpan.FromDays(2) }, _source, _commands, _time,
            ProbeStateStores.InMemory().For("wsb01"), _logging.For<WsbProbe>());
        var again = await fresh.RunAsync(CancellationToken.None);

        Assert.Equal((Now - TimeSpan.FromDays(2)).UtcDateTime, _source.Queries[0].AfterTimeUtc);
        Assert.Equal(Assert.Single(first.Observations).Id, Assert.Single(again.Observations).Id);
    }

    [Fact]
    public async Task A_missing_log_and_one_the_account_may_not_read_are_probe_errors()
    {
        var missing = await Probe().RunAsync(CancellationToken.None);
        _source.CreateLog(Log);
        _source.Failure = new UnauthorizedAccessException("Attempted to perform an unauthorized operation.");
        var denied = await Probe().RunAsync(CancellationToken.None);

        Assert.Equal(ProbeState.Error, missing.State);
        Assert.Contains("'Microsoft-Windows-Backup' event log does not exist", missing.Message, StringComparison.Ordinal);
        Assert.Equal(ProbeState.Error, denied.State);
        Assert.Contains("Event Log Readers", denied.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Wbadmin_versions_within_the_lookback_are_successful_runs_at_their_UTC_identifier()
    {
        Wbadmin(WbadminVersionsParserTests.English);

        var result = await Probe(o =>
        {
            o.Source = WsbSource.Wbadmin;
            o.Lookback = TimeSpan.FromDays(1);
            o.BackupTarget = "E:";
        }).RunAsync(CancellationToken.None);

        var run = Assert.Single(result.Observations);
        Assert.Equal(RunStatus.Success, run.Status);
        Assert.Equal(new DateTimeOffset(2025, 3, 10, 2, 0, 0, TimeSpan.Zero), run.EndTime.ToDateTimeOffset());
        Assert.Equal("wsb01/wsb", run.JobKey);
        Assert.Equal("03/10/2025-02:00", run.Attributes["version_id"]);
        Assert.Equal("3/9/2025 9:00 PM", run.Attributes["backup_time"]);
        Assert.Equal("{7d6e5f4a-3b2c-4d1e-9f08-a7b6c5d4e3f2}", run.Attributes["snapshot_id"]);
        Assert.Null(ObservationValidator.Validate(run, Now, TimeSpan.FromMinutes(10)));
        await _commands.Received(1).RunAsync(
            Arg.Is<CommandSpec>(c => c.FileName == "wbadmin" && c.Arguments.SequenceEqual(new[] { "get", "versions", "-backupTarget:E:" })),
            Arg.Any<CancellationToken>());
        Assert.Empty(_source.Queries);
    }

    [Fact]
    public async Task The_same_version_listed_again_keeps_its_id()
    {
        Wbadmin(WbadminVersionsParserTests.French);

        var first = await Probe(o => o.Source = WsbSource.Wbadmin).RunAsync(CancellationToken.None);
        _time.Advance(TimeSpan.FromHours(1));
        var again = await Probe(o => o.Source = WsbSource.Wbadmin).RunAsync(CancellationToken.None);

        Assert.Equal(Assert.Single(first.Observations).Id, Assert.Single(again.Observations).Id);
    }

    [Fact]
    public async Task Wbadmin_failing_is_a_probe_error_saying_what_it_printed()
    {
        Wbadmin("wbadmin 1.0 - Backup command-line tool\r\n\r\nERROR - The requested operation requires elevation.\r\n", exitCode: 1);

        var result = await Probe(o => o.Source = WsbSource.Wbadmin).RunAsync(CancellationToken.None);

        Assert.Equal(ProbeState.Error, result.State);
        Assert.Equal("wbadmin get versions exited with code 1: wbadmin 1.0 - Backup command-line tool ERROR - The requested operation requires elevation.", result.Message);
    }

    private static IReadOnlyList<string> Errors(ProbeRegistry registry, Dictionary<string, string?> settings, out ProbeCatalog? catalog)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        try
        {
            catalog = ProbeCatalog.Load(configuration.GetSection("Probes"), registry, new ProbeContext(new FakeTimeProvider(Now), NullLoggerFactory.Instance));
            return [];
        }
        catch (AgentConfigurationException ex)
        {
            catalog = null;
            return ex.Errors;
        }
    }

    [Fact]
    public void Off_Windows_the_type_is_refused_at_start_naming_the_Type_setting()
    {
        var errors = Errors(ProbeRegistry.Default, new() { ["Probes:0:Type"] = "wsb", ["Probes:0:Name"] = "wsb01" }, out _);

        if (OperatingSystem.IsWindows())
        {
            Assert.Empty(errors);
        }
        else
        {
            Assert.Equal([$"Probes:0:Type: {WsbProbe.NotWindowsMessage}"], errors);
        }
    }

    [Fact]
    public async Task Through_the_registration_seam_settings_bind_and_bad_ones_are_named()
    {
        Wbadmin(WbadminVersionsParserTests.English);
        var registry = new ProbeRegistry([WsbProbeRegistration.For(_source, _commands)]);

        var errors = Errors(registry, new()
        {
            ["Probes:0:Type"] = "wsb",
            ["Probes:0:Name"] = "wsb01",
            ["Probes:0:Source"] = "Wbadmin",
            ["Probes:0:Lookback"] = "3.00:00:00",
        }, out var catalog);
        var bad = Errors(registry, new()
        {
            ["Probes:0:Type"] = "wsb",
            ["Probes:0:Name"] = "w",
            ["Probes:0:CommandTimeout"] = "00:00:01",
            ["Probes:0:BackupTarget"] = "E:\" -quiet",
        }, out _);

        Assert.Empty(errors);
        var result = await catalog!.Probes[0].Probe.RunAsync(CancellationToken.None);
        Assert.Equal(2, result.Observations.Count);
        Assert.Equal(
            [
                "Probes:0:BackupTarget: must not contain control characters or quotes",
                "Probes:0:CommandTimeout: The field CommandTimeout must be between 00:00:05 and 01:00:00.",
            ],
            bad.Order(StringComparer.Ordinal));
    }
}
