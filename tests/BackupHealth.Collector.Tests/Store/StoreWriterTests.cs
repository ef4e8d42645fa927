using BackupHealth.Collector.Model;
using BackupHealth.Collector.Store;
using BackupHealth.Collector.Tests.Support;
using BackupHealth.Contracts.V1;

namespace BackupHealth.Collector.Tests.Store;

public sealed class StoreWriterTests : IAsyncLifetime
{
    private readonly TestStore _store = new();

    public Task InitializeAsync()
    {
        _store.StartWriter();
        return Task.CompletedTask;
    }

    public Task DisposeAsync() => _store.DisposeWithoutErrorsAsync();

    [Fact]
    public async Task A_batch_is_committed_with_every_field()
    {
        var agent = await _store.AddAgentAsync("agent-1");
        var observation = Observations.Valid("obs-1", end: TestCollector.StartTime.AddHours(-2), sizeBytes: 4242);

        Assert.Equal(1, await _store.InsertAsync(agent, observation));

        var job = Assert.Single(await _store.Queries.GetJobsAsync(null, null, CancellationToken.None));
        var run = Assert.Single((await _store.Queries.GetRunsAsync(job.Id, 10, CancellationToken.None))!);
        Assert.Equal(("job-1", "Job job-1", "files", "vm01"), (job.JobKey, job.Name, job.SourceKind, job.ProtectedObject));
        Assert.Equal("obs-1", run.ObservationId);
        Assert.Equal(StatusNames.Success, run.Status);
        Assert.Equal(TestCollector.StartTime.AddHours(-2).UtcDateTime, run.End);
        Assert.Equal(TestCollector.StartTime.AddHours(-2).AddMinutes(-10).UtcDateTime, run.Start);
        Assert.Equal(4242, run.SizeBytes);
        Assert.Equal(("passed", "checksums ok", "done"), (run.Verification, run.VerificationDetail, run.Message));
        Assert.Equal("""{"path":"/backups/vm01.xva"}""", run.Attributes);
        Assert.Equal(TestCollector.StartTime.UtcDateTime, run.ReceivedAt);
    }

    [Fact]
    public async Task The_same_observation_ids_again_are_not_stored_twice()
    {
        var agent = await _store.AddAgentAsync("agent-1");
        var batch = Enumerable.Range(0, 5).Select(i => Observations.Valid($"obs-{i}")).ToArray();
        await _store.InsertAsync(agent, batch);

        var insertedAgain = await _store.InsertAsync(agent, batch);

        Assert.Equal(0, insertedAgain);
        Assert.Equal(5L, await _store.CountAsync("SELECT count(*) FROM observations"));
    }

    [Fact]
    public async Task The_same_observation_id_from_another_agent_is_another_fact()
    {
        var first = await _store.AddAgentAsync("agent-1");
        var second = await _store.AddAgentAsync("agent-2");

        await _store.InsertAsync(first, Observations.Valid("obs-1"));
        await _store.InsertAsync(second, Observations.Valid("obs-1"));

        Assert.Equal(2L, await _store.CountAsync("SELECT count(*) FROM observations"));
        Assert.Equal(2L, await _store.CountAsync("SELECT count(*) FROM jobs"));
    }

    [Fact]
    public async Task Job_latest_run_and_last_success_follow_run_times_not_arrival_order()
    {
        var agent = await _store.AddAgentAsync("agent-1");
        var t = TestCollector.StartTime;
        await _store.InsertAsync(agent,
            Observations.Valid("success-1", end: t.AddHours(-30), sizeBytes: 100),
            Observations.Valid("failed-2", status: RunStatus.Failed, end: t.AddHours(-6), sizeBytes: 0));
        var afterFailure = await SingleJobAsync();

        // A late re-delivery of an older success must not hide the newer failure.
        await _store.InsertAsync(agent, Observations.Valid("success-0", end: t.AddHours(-50), sizeBytes: 50));
        var afterLateOld = await SingleJobAsync();

        await _store.InsertAsync(agent, Observations.Valid("warning-3", status: RunStatus.Warning, end: t.AddHours(-1), sizeBytes: 300, jobName: "Renamed job"));
        var afterWarning = await SingleJobAsync();

        Assert.Equal((StatusNames.Failed, t.AddHours(-6).UtcDateTime, t.AddHours(-30).UtcDateTime), (afterFailure.LatestStatus, afterFailure.LatestEnd, afterFailure.LastSuccess));
        Assert.Equal(afterFailure, afterLateOld);
        Assert.Equal((StatusNames.Warning, t.AddHours(-1).UtcDateTime, 300L, "Renamed job"), (afterWarning.LatestStatus, afterWarning.LatestEnd, afterWarning.LatestSize, afterWarning.Name));
        Assert.Equal(t.AddHours(-30).UtcDateTime, afterWarning.LastSuccess);
    }

    [Fact]
    public async Task The_fields_the_runs_api_does_not_show_are_stored_too()
    {
        var agent = await _store.AddAgentAsync("agent-1");
        var retried = Observations.Valid("retried", status: RunStatus.Failed);
        retried.WillRetry = true;
        retried.RunId = "session-7";
        var plain = Observations.Valid("plain", end: TestCollector.StartTime.AddHours(-3));
        plain.Attributes.Clear();

        await _store.InsertAsync(agent, retried, plain);

        var observed = TestCollector.StartTime.AddHours(-1).AddMinutes(1).ToUnixTimeMilliseconds();
        Assert.Equal(1L, await _store.CountAsync($"""
            SELECT count(*) FROM observations WHERE observation_id = 'retried' AND will_retry = 1 AND run_id = 'session-7'
                AND protected_object = 'vm01' AND probe_name = 'nightly-files' AND observed_at = {observed}
            """));
        Assert.Equal(1L, await _store.CountAsync(
            "SELECT count(*) FROM observations WHERE observation_id = 'plain' AND will_retry = 0 AND run_id IS NULL AND attributes IS NULL"));
    }

    [Fact]
    public async Task A_run_without_an_end_is_placed_at_its_start_else_when_it_was_observed_else_when_it_arrived()
    {
        var agent = await _store.AddAgentAsync("agent-1");
        var t = TestCollector.StartTime;
        var started = Running("started", "", t.AddHours(-3), t.AddHours(-2));
        var observedOnly = Running("observed", "", t.AddHours(-3), t.AddHours(-2));
        observedOnly.StartTime = null;
        var bare = Running("bare", "", t.AddHours(-3), t.AddHours(-2));
        bare.StartTime = null;
        bare.ObservedAt = null;

        await _store.InsertAsync(agent, started, observedOnly, bare);

        Assert.Equal(started.StartTime.ToDateTimeOffset().ToUnixTimeMilliseconds(), await RunTimeAsync("started"));
        Assert.Equal(t.AddHours(-2).ToUnixTimeMilliseconds(), await RunTimeAsync("observed"));
        Assert.Equal(_store.ReceivedAt, await RunTimeAsync("bare"));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task In_one_batch_in_any_order_the_newest_run_is_the_latest_and_the_newest_success_the_last(bool newestFirst)
    {
        var agent = await _store.AddAgentAsync("agent-1");
        var t = TestCollector.StartTime;
        Observation[] batch =
        [
            Observations.Valid("success-old", end: t.AddHours(-30)),
            Observations.Valid("success-new", end: t.AddHours(-6)),
            Observations.Valid("failed", status: RunStatus.Failed, end: t.AddHours(-1)),
        ];

        await _store.InsertAsync(agent, newestFirst ? [.. batch.Reverse()] : batch);

        var job = await SingleJobAsync();
        Assert.Equal((StatusNames.Failed, t.AddHours(-1).UtcDateTime, t.AddHours(-6).UtcDateTime), (job.LatestStatus, job.LatestEnd, job.LastSuccess));
    }

    [Fact]
    public async Task Of_two_runs_ending_at_the_same_time_in_one_batch_the_later_one_is_the_latest_as_across_batches()
    {
        var agent = await _store.AddAgentAsync("agent-1");
        var end = TestCollector.StartTime.AddHours(-2);

        await _store.InsertAsync(agent, Observations.Valid("first", status: RunStatus.Failed, end: end),
            Observations.Valid("second", status: RunStatus.Warning, end: end));
        var inOneBatch = (await SingleJobAsync()).LatestStatus;
        await _store.InsertAsync(agent, Observations.Valid("third", status: RunStatus.Failed, end: end));

        Assert.Equal(StatusNames.Warning, inOneBatch);
        Assert.Equal(StatusNames.Failed, (await SingleJobAsync()).LatestStatus);
    }

    [Fact]
    public async Task Every_kind_of_report_moves_the_agents_last_seen()
    {
        var agent = await _store.AddAgentAsync("agent-1");
        var t = _store.ReceivedAt;
        var rows = ObservationRow.From([Observations.Valid("obs-1")]);

        await _store.Writer.ExecuteAsync(s => s.InsertObservations(agent, rows, t + 1_000), CancellationToken.None);
        var afterObservations = await LastSeenAsync();
        await _store.Writer.ExecuteAsync(s =>
        {
            s.UpsertProbeHealth(agent, new ProbeHealthReport { Probes = { new ProbeHealth { ProbeName = "nightly-files", State = ProbeState.Ok } } }, t + 2_000);
            return true;
        }, CancellationToken.None);
        var afterProbeHealth = await LastSeenAsync();
        await _store.Writer.ExecuteAsync(s => { s.ReplaceJobList(agent, new JobListReport { ProbeName = "vbr" }, t + 3_000); return true; }, CancellationToken.None);
        var afterJobList = await LastSeenAsync();
        await _store.Writer.ExecuteAsync(s => { s.ReplaceInventory(agent, new InventoryReport { ProbeName = "xen-pool" }, t + 4_000); return true; }, CancellationToken.None);

        Assert.Equal([t + 1_000, t + 2_000, t + 3_000, t + 4_000], [afterObservations, afterProbeHealth, afterJobList, await LastSeenAsync()]);
    }

    private Task<long> RunTimeAsync(string observationId) =>
        _store.CountAsync($"SELECT run_time FROM observations WHERE observation_id = '{observationId}'");

    private Task<long> LastSeenAsync() => _store.CountAsync("SELECT last_seen FROM agents");

    private static Observation Running(string id, string runId, DateTimeOffset start, DateTimeOffset observed)
    {
        var o = Observations.Valid(id, status: RunStatus.Running, end: start);
        o.EndTime = null;
        o.ObservedAt = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(observed);
        o.RunId = runId;
        return o;
    }

    [Fact]
    public async Task A_run_seen_running_then_finished_shows_once_with_its_result()
    {
        var agent = await _store.AddAgentAsync("agent-1");
        var t = TestCollector.StartTime;
        await _store.InsertAsync(agent, Running("s1-running", "session-1", t.AddHours(-3), t.AddHours(-3)));
        var whileRunning = await SingleJobAsync();
        var finished = Observations.Valid("s1-failed", status: RunStatus.Failed, end: t.AddHours(-2));
        finished.RunId = "session-1";

        await _store.InsertAsync(agent, finished);

        Assert.Equal(StatusNames.Running, whileRunning.LatestStatus);
        var run = Assert.Single((await _store.Queries.GetRunsAsync(whileRunning.Id, 10, CancellationToken.None))!);
        Assert.Equal(("s1-failed", StatusNames.Failed), (run.ObservationId, run.Status));
        Assert.Equal(StatusNames.Failed, (await SingleJobAsync()).LatestStatus);
    }

    [Fact]
    public async Task A_running_state_that_arrives_after_the_result_does_not_come_back()
    {
        var agent = await _store.AddAgentAsync("agent-1");
        var t = TestCollector.StartTime;
        var finished = Observations.Valid("s1-ok", end: t.AddHours(-2));
        finished.RunId = "session-1";
        var other = Observations.Valid("s2-ok", end: t.AddHours(-26));
        other.RunId = "session-2";
        await _store.InsertAsync(agent, finished, other);

        // Delivered late (say, from another agent process's outbox): older state of the same run.
        Assert.Equal(1, await _store.InsertAsync(agent, Running("s1-running", "session-1", t.AddHours(-3), t.AddHours(-3))));
        Assert.Equal(0, await _store.InsertAsync(agent, Running("s1-running", "session-1", t.AddHours(-3), t.AddHours(-3))));

        var job = await SingleJobAsync();
        var runs = (await _store.Queries.GetRunsAsync(job.Id, 10, CancellationToken.None))!;
        Assert.Equal(["s1-ok", "s2-ok"], runs.Select(r => r.ObservationId));
        Assert.Equal(StatusNames.Success, job.LatestStatus);
    }

    [Fact]
    public async Task Observations_without_a_run_id_are_each_a_run()
    {
        var agent = await _store.AddAgentAsync("agent-1");
        var t = TestCollector.StartTime;

        await _store.InsertAsync(agent, Running("a", "", t.AddHours(-3), t.AddHours(-3)), Running("b", "", t.AddHours(-2), t.AddHours(-2)));

        Assert.Equal(2, (await _store.Queries.GetRunsAsync((await SingleJobAsync()).Id, 10, CancellationToken.None))!.Count);
    }

    [Fact]
    public async Task Many_concurrent_callers_all_complete_with_their_rows()
    {
        var agents = new List<long>();
        for (var a = 0; a < 10; a++)
        {
            agents.Add(await _store.AddAgentAsync($"agent-{a}"));
        }

        var callers = agents.SelectMany(agent => Enumerable.Range(0, 20).Select(b => Task.Run(() =>
            _store.InsertAsync(agent, Enumerable.Range(0, 50).Select(i => Observations.Valid($"b{b}-o{i}", jobKey: $"job-{i % 3}")).ToArray()))))
            .ToList();
        var inserted = await Task.WhenAll(callers);

        Assert.All(inserted, n => Assert.Equal(50, n));
        Assert.Equal(10L * 20 * 50, await _store.CountAsync("SELECT count(*) FROM observations"));
        Assert.Equal(10L * 3, await _store.CountAsync("SELECT count(*) FROM jobs"));
    }

    private async Task<JobRecord> SingleJobAsync() =>
        Assert.Single(await _store.Queries.GetJobsAsync(null, null, CancellationToken.None));
}
