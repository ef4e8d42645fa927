using System.Diagnostics.Tracing;
using BackupHealth.Agent.Hosting;
using BackupHealth.Agent.Probes;
using BackupHealth.Agent.Probes.Shared.EventLog;
using BackupHealth.Agent.Probes.Shared.State;
using BackupHealth.Agent.Probes.VeeamEvents;
using BackupHealth.Agent.Tests.Probes.Shared.EventLog;
using BackupHealth.Agent.Tests.Support;
using BackupHealth.Contracts;
using BackupHealth.Contracts.V1;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace BackupHealth.Agent.Tests.Probes.VeeamEvents;

public sealed class VeeamEventsProbeTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2025, 3, 10, 6, 0, 0, TimeSpan.Zero);
    private const string SqlJobId = "2b6a0f5e-3c1d-4e8f-9a7b-1c2d3e4f5a6b";
    private readonly RecordedEventSource _source = new();
    private readonly FakeTimeProvider _time = new(Now);
    private readonly TestLogging _logging = new();
    private readonly IProbeStateStore _state = ProbeStateStores.InMemory().For("vbr-events");
    private long _nextRecordId = 1000;

    public void Dispose() => _logging.Dispose();

    private VeeamEventsProbe Probe(Action<VeeamEventsProbeOptions>? configure = null)
    {
        var options = new VeeamEventsProbeOptions { Name = "vbr-events", Type = VeeamEventsProbe.TypeName };
        configure?.Invoke(options);
        return new VeeamEventsProbe(options, _source, _time, _state, _logging.For<VeeamEventsProbe>());
    }

    private WindowsEvent JobFinished(
        TimeSpan age, string? jobResult, string jobName = "SQL01 nightly", string? jobId = SqlJobId, int eventId = 190,
        string log = VeeamEventMapper.BackupLog, EventLevel level = EventLevel.Informational, string willBeRetried = "False", long? recordId = null)
    {
        var data = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["JobSessionID"] = Guid.NewGuid().ToString(),
            ["JobType"] = "0",
            ["Platform"] = "0",
            ["WillBeRetried"] = willBeRetried,
            ["JobName"] = jobName,
            ["VbrHostName"] = "vbr01.example.local",
            ["VbrVersion"] = "12.2.0.334",
            // Localized text that must not decide anything.
            ["Description"] = $"Le job de sauvegarde '{jobName}' est terminé.",
        };
        if (jobResult is not null)
        {
            data["JobResult"] = jobResult;
        }

        if (jobId is not null)
        {
            data["JobID"] = jobId;
        }

        return new WindowsEvent(log, eventId, level, (_time.GetUtcNow() - age).UtcDateTime, recordId ?? _nextRecordId++, data);
    }

    [Fact]
    public async Task JobResult_decides_the_status_and_named_data_fills_the_observation()
    {
        var success = JobFinished(TimeSpan.FromHours(5), "0");
        var warning = JobFinished(TimeSpan.FromHours(4), "1", eventId: 490, jobName: "Copy to DR", jobId: "7d1e2f3a-4b5c-4d6e-8f90-a1b2c3d4e5f6", level: EventLevel.Warning);
        var failed = JobFinished(TimeSpan.FromHours(3), "2", eventId: 790, jobName: "Laptops", jobId: "11111111-2222-3333-4444-555555555555", level: EventLevel.Error);
        _source.Add(success, warning, failed);

        var result = await Probe().RunAsync(CancellationToken.None);

        Assert.Equal(ProbeState.Ok, result.State);
        Assert.Equal([RunStatus.Success, RunStatus.Warning, RunStatus.Failed], result.Observations.Select(o => o.Status));
        Assert.All(result.Observations, o => Assert.Null(ObservationValidator.Validate(o, Now, TimeSpan.FromMinutes(10))));
        var first = result.Observations[0];
        Assert.Equal("veeam.eventlog", first.SourceKind);
        Assert.Equal($"vbr-events/{SqlJobId}", first.JobKey);
        Assert.Equal("SQL01 nightly", first.JobName);
        Assert.Equal(Now - TimeSpan.FromHours(5), first.EndTime.ToDateTimeOffset());
        Assert.Equal(first.EndTime, first.StartTime);
        Assert.Equal(success.Data["JobSessionID"], first.Attributes["session_id"]);
        Assert.Equal("190", first.Attributes["event_id"]);
        Assert.Equal("Veeam Backup", first.Attributes["log"]);
        Assert.Equal("0", first.Attributes["vendor_result"]);
        Assert.Equal("vbr01.example.local", first.Attributes["vbr_host"]);
        Assert.Equal("490", result.Observations[1].Attributes["event_id"]);
        Assert.Equal("Copy to DR", result.Observations[1].JobName);
        Assert.Equal("vbr-events/11111111-2222-3333-4444-555555555555", result.Observations[2].JobKey);
    }

    [Fact]
    public async Task The_level_of_a_success_event_does_not_override_its_JobResult_and_localized_text_is_not_parsed()
    {
        _source.Add(JobFinished(TimeSpan.FromHours(1), "2", level: EventLevel.Informational));

        var result = await Probe().RunAsync(CancellationToken.None);

        Assert.Equal(RunStatus.Failed, Assert.Single(result.Observations).Status);
    }

    [Fact]
    public async Task WillBeRetried_True_marks_the_failure_as_followed_by_a_retry()
    {
        _source.Add(
            JobFinished(TimeSpan.FromHours(2), "2", willBeRetried: "True", level: EventLevel.Error),
            JobFinished(TimeSpan.FromHours(1), "2", willBeRetried: "False", level: EventLevel.Error));

        var result = await Probe().RunAsync(CancellationToken.None);

        Assert.Equal([true, false], result.Observations.Select(o => o.WillRetry));
    }

    [Fact]
    public async Task An_unknown_JobResult_is_a_failure_keeping_the_raw_value()
    {
        _source.Add(JobFinished(TimeSpan.FromHours(1), "7"));

        var observation = Assert.Single((await Probe().RunAsync(CancellationToken.None)).Observations);

        Assert.Equal(RunStatus.Failed, observation.Status);
        Assert.Equal("7", observation.Attributes["vendor_result"]);
    }

    [Theory]
    [InlineData(EventLevel.Informational, RunStatus.Success)]
    [InlineData(EventLevel.Warning, RunStatus.Warning)]
    [InlineData(EventLevel.Error, RunStatus.Failed)]
    [InlineData(EventLevel.Critical, RunStatus.Failed)]
    public async Task Without_JobResult_the_event_level_decides(EventLevel level, RunStatus expected)
    {
        _source.Add(JobFinished(TimeSpan.FromHours(1), jobResult: null, level: level));

        var observation = Assert.Single((await Probe().RunAsync(CancellationToken.None)).Observations);

        Assert.Equal(expected, observation.Status);
        Assert.Equal("level", observation.Attributes["result_from"]);
    }

    [Fact]
    public async Task Veeam_Agent_log_190_without_a_job_id_is_keyed_by_job_name()
    {
        _source.Add(JobFinished(TimeSpan.FromHours(1), "1", jobName: "Laptop backup", jobId: null, log: VeeamEventMapper.AgentLog, level: EventLevel.Warning));

        var observation = Assert.Single((await Probe().RunAsync(CancellationToken.None)).Observations);

        Assert.Equal("vbr-events/agent/Laptop backup", observation.JobKey);
        Assert.Equal(RunStatus.Warning, observation.Status);
        Assert.Equal("Veeam Agent", observation.Attributes["log"]);
    }

    [Fact]
    public async Task Only_job_finished_ids_are_read_from_each_log()
    {
        _source.Add(
            JobFinished(TimeSpan.FromHours(3), "0", eventId: 110),
            JobFinished(TimeSpan.FromHours(2), "0", eventId: 150),
            JobFinished(TimeSpan.FromHours(1), "0", eventId: 490, log: VeeamEventMapper.AgentLog));

        var result = await Probe().RunAsync(CancellationToken.None);

        Assert.Empty(result.Observations);
        Assert.Equal([190, 490, 790], _source.Queries.Single(q => q.LogName == "Veeam Backup").EventIds);
        Assert.Equal([190], _source.Queries.Single(q => q.LogName == "Veeam Agent").EventIds);
    }

    [Fact]
    public async Task The_next_run_continues_after_the_last_record_read_and_survives_a_cleared_log()
    {
        _source.Add(JobFinished(TimeSpan.FromHours(5), "0"), JobFinished(TimeSpan.FromHours(4), "0"));
        var first = await Probe().RunAsync(CancellationToken.None);
        _time.Advance(TimeSpan.FromMinutes(5));
        var newer = JobFinished(TimeSpan.FromMinutes(1), "1");
        _source.Add(newer);
        var second = await Probe().RunAsync(CancellationToken.None);
        var nothingNew = await Probe().RunAsync(CancellationToken.None);
        _source.Clear(VeeamEventMapper.BackupLog);
        _time.Advance(TimeSpan.FromMinutes(5));
        var afterClear = JobFinished(TimeSpan.FromMinutes(2), "2", recordId: 1);
        _source.Add(afterClear);
        var third = await Probe().RunAsync(CancellationToken.None);

        Assert.Equal(2, first.Observations.Count);
        Assert.Equal(newer.Data["JobSessionID"], Assert.Single(second.Observations).Attributes["session_id"]);
        Assert.Empty(nothingNew.Observations);
        Assert.Equal(afterClear.Data["JobSessionID"], Assert.Single(third.Observations).Attributes["session_id"]);
        Assert.Equal(newer.RecordId, _source.Queries.Last(q => q.LogName == "Veeam Backup").AfterRecordId);
    }

    [Fact]
    public async Task The_first_run_reads_back_only_as_far_as_Lookback()
    {
        _source.Add(JobFinished(TimeSpan.FromDays(3), "0"), JobFinished(TimeSpan.FromDays(1), "0"));

        var result = await Probe(o => o.Lookback = TimeSpan.FromDays(2)).RunAsync(CancellationToken.None);

        Assert.Single(result.Observations);
        Assert.Equal((Now - TimeSpan.FromDays(2)).UtcDateTime, _source.Queries[0].AfterTimeUtc);
    }

    [Fact]
    public async Task Reading_stops_at_MaxEventsPerRun_and_the_rest_follows_next_run()
    {
        for (var i = 0; i < 5; i++)
        {
            _source.Add(JobFinished(TimeSpan.FromHours(10 - i), "0"));
        }

        var first = await Probe(o => o.MaxEventsPerRun = 3).RunAsync(CancellationToken.None);
        var second = await Probe(o => o.MaxEventsPerRun = 3).RunAsync(CancellationToken.None);

        Assert.Equal(3, first.Observations.Count);
        Assert.Equal(2, second.Observations.Count);
    }

    [Fact]
    public async Task Re_reading_an_event_gives_the_same_id()
    {
        _source.Add(JobFinished(TimeSpan.FromHours(1), "0"));

        var first = await Probe().RunAsync(CancellationToken.None);
        var fresh = new VeeamEventsProbe(
            new VeeamEventsProbeOptions { Name = "vbr-events", Type = VeeamEventsProbe.TypeName }, _source, _time,
            ProbeStateStores.InMemory().For("vbr-events"), _logging.For<VeeamEventsProbe>());
        var again = await fresh.RunAsync(CancellationToken.None);

        Assert.Equal(Assert.Single(first.Observations).Id, Assert.Single(again.Observations).Id);
    }

    [Fact]
    public async Task Only_one_of_the_two_logs_existing_is_fine_but_neither_is_a_probe_error()
    {
        _source.CreateLog(VeeamEventMapper.AgentLog);
        var agentOnly = await Probe().RunAsync(CancellationToken.None);

        var none = await new VeeamEventsProbe(
            new VeeamEventsProbeOptions { Name = "x", Type = VeeamEventsProbe.TypeName }, new RecordedEventSource(), _time,
            ProbeStateStores.InMemory().For("x"), _logging.For<VeeamEventsProbe>()).RunAsync(CancellationToken.None);

        Assert.Equal(ProbeState.Ok, agentOnly.State);
        Assert.Equal(ProbeState.Error, none.State);
        Assert.Contains("neither the 'Veeam Backup' nor the 'Veeam Agent' event log exists", none.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_log_the_account_may_not_read_is_a_probe_error()
    {
        _source.Failure = new UnauthorizedAccessException("Attempted to perform an unauthorized operation.");

        var result = await Probe().RunAsync(CancellationToken.None);

        Assert.Equal(ProbeState.Error, result.State);
        Assert.Contains("Event Log Readers", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_windows_query_selects_the_ids_and_records_after_the_cursor()
    {
        var first = WindowsEventXPath.For(new WindowsEventQuery("Veeam Backup", [190, 490, 790], 0, new DateTime(2025, 3, 3, 6, 0, 0, DateTimeKind.Utc), 100));
        var next = WindowsEventXPath.For(new WindowsEventQuery("Veeam Agent", [190], 4711, new DateTime(2025, 3, 10, 5, 0, 0, DateTimeKind.Utc), 100));

        Assert.Equal("*[System[(EventID=190 or EventID=490 or EventID=790) and TimeCreated[@SystemTime>'2025-03-03T06:00:00.0000000Z']]]", first);
        Assert.Equal("*[System[(EventID=190) and (EventRecordID>4711 or TimeCreated[@SystemTime>'2025-03-10T05:00:00.0000000Z'])]]", next);
    }

    private IReadOnlyList<string> Errors(ProbeRegistry registry, Dictionary<string, string?> settings, out ProbeCatalog? catalog)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        try
        {
            catalog = ProbeCatalog.Load(configuration.GetSection("Probes"), registry, new ProbeContext(_time, NullLoggerFactory.Instance));
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
        var errors = Errors(ProbeRegistry.Default, new() { ["Probes:0:Type"] = "veeam-events", ["Probes:0:Name"] = "vbr-events" }, out _);

        if (OperatingSystem.IsWindows())
        {
            Assert.Empty(errors);
        }
        else
        {
            Assert.Equal([$"Probes:0:Type: {VeeamEventsProbe.NotWindowsMessage}"], errors);
        }
    }

    [Fact]
    public async Task Through_the_registration_seam_a_source_is_read_on_any_os_and_bad_settings_are_named()
    {
        _source.Add(JobFinished(TimeSpan.FromHours(1), "0"));
        var registry = new ProbeRegistry([VeeamEventsProbeRegistration.For(_source)]);

        var errors = Errors(registry, new() { ["Probes:0:Type"] = "veeam-events", ["Probes:0:Name"] = "vbr-events" }, out var catalog);
        var bad = Errors(registry, new() { ["Probes:0:Type"] = "veeam-events", ["Probes:0:Name"] = "e", ["Probes:0:MaxEventsPerRun"] = "0" }, out _);

        Assert.Empty(errors);
        var options = Assert.IsType<VeeamEventsProbeOptions>(catalog!.Probes[0].Options);
        Assert.Equal(TimeSpan.FromDays(7), options.Lookback);
        var result = await catalog.Probes[0].Probe.RunAsync(CancellationToken.None);
        Assert.Single(result.Observations);
        Assert.Equal(["Probes:0:MaxEventsPerRun: The field MaxEventsPerRun must be between 1 and 100000."], bad);
    }
}
