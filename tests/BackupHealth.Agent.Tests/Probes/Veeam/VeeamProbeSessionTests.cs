using BackupHealth.Agent.Probes;
using BackupHealth.Agent.Probes.Veeam;
using BackupHealth.Contracts.V1;
using BackupHealth.VendorFakes.Veeam;

namespace BackupHealth.Agent.Tests.Probes.Veeam;

public sealed class VeeamProbeSessionTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = VeeamRig.Now;
    private static readonly TimeSpan Berlin = TimeSpan.FromHours(2);
    private static readonly TimeSpan NewYork = TimeSpan.FromHours(-5);
    private static readonly Guid SqlJob = Guid.Parse("2b6a0f5e-3c1d-4e8f-9a7b-1c2d3e4f5a6b");
    private static readonly Guid FileJob = Guid.Parse("7d1e2f3a-4b5c-4d6e-8f90-a1b2c3d4e5f6");
    private VeeamRig _rig = null!;

    public async Task InitializeAsync() => _rig = await VeeamRig.StartAsync();

    public async Task DisposeAsync() => await _rig.DisposeAsync();

    private static DateTimeOffset Ago(TimeSpan age, TimeSpan offset) => (Now - age).ToOffset(offset);

    [Fact]
    public async Task Finished_sessions_become_observations_with_times_turned_to_utc_from_their_offsets()
    {
        var berlin = VeeamFakeSession.Finished("SQL01 nightly", SqlJob, new DateTimeOffset(2025, 3, 10, 2, 0, 0, Berlin), TimeSpan.FromMinutes(14));
        var newYork = VeeamFakeSession.Finished("File server", FileJob, new DateTimeOffset(2025, 3, 9, 22, 30, 15, NewYork), TimeSpan.FromMinutes(5));
        _rig.Server.AddSessions(berlin, newYork);

        var result = await _rig.Probe().RunAsync(CancellationToken.None);

        Assert.Equal(ProbeState.Ok, result.State);
        VeeamRig.AssertValid(result);
        var sql = result.Observations.Single(o => o.Attributes["session_id"] == berlin.Id.ToString());
        Assert.Equal(new DateTimeOffset(2025, 3, 10, 0, 0, 0, TimeSpan.Zero), sql.StartTime.ToDateTimeOffset());
        Assert.Equal(new DateTimeOffset(2025, 3, 10, 0, 14, 0, TimeSpan.Zero), sql.EndTime.ToDateTimeOffset());
        Assert.Equal(RunStatus.Success, sql.Status);
        Assert.Equal("veeam.vbr", sql.SourceKind);
        Assert.Equal($"vbr-main/{SqlJob}", sql.JobKey);
        Assert.Equal("SQL01 nightly", sql.JobName);
        Assert.Equal("vbr-main", sql.ProbeName);
        Assert.Equal("BackupJob", sql.Attributes["session_type"]);
        Assert.Equal(Now, sql.ObservedAt.ToDateTimeOffset());
        var file = result.Observations.Single(o => o.Attributes["session_id"] == newYork.Id.ToString());
        Assert.Equal(new DateTimeOffset(2025, 3, 10, 3, 30, 15, TimeSpan.Zero), file.StartTime.ToDateTimeOffset());
        Assert.Equal(new DateTimeOffset(2025, 3, 10, 3, 35, 15, TimeSpan.Zero), file.EndTime.ToDateTimeOffset());
    }

    [Fact]
    public async Task Warnings_and_failures_keep_veeam_message_and_a_canceled_session_says_so()
    {
        var warning = VeeamFakeSession.Finished("SQL01 nightly", SqlJob, Ago(TimeSpan.FromHours(5), Berlin), TimeSpan.FromMinutes(3), "Warning", "Changed block tracking is disabled");
        var failed = VeeamFakeSession.Finished("File server", FileJob, Ago(TimeSpan.FromHours(4), Berlin), TimeSpan.FromMinutes(3), "Failed", "Error: Cannot connect to host esx02");
        var canceled = VeeamFakeSession.Finished("File server", FileJob, Ago(TimeSpan.FromHours(3), Berlin), TimeSpan.FromMinutes(1), "Failed");
        canceled.IsCanceled = true;
        _rig.Server.AddSessions(warning, failed, canceled);

        var result = await _rig.Probe().RunAsync(CancellationToken.None);

        VeeamRig.AssertValid(result);
        var byId = result.Observations.ToDictionary(o => o.Attributes["session_id"]);
        Assert.Equal(RunStatus.Warning, byId[warning.Id.ToString()].Status);
        Assert.Equal("Changed block tracking is disabled", byId[warning.Id.ToString()].Message);
        Assert.Equal(RunStatus.Failed, byId[failed.Id.ToString()].Status);
        Assert.Equal("Error: Cannot connect to host esx02", byId[failed.Id.ToString()].Message);
        Assert.Equal(RunStatus.Failed, byId[canceled.Id.ToString()].Status);
        Assert.Equal("true", byId[canceled.Id.ToString()].Attributes["canceled"]);
        Assert.Equal("canceled", byId[canceled.Id.ToString()].Message);
        Assert.False(byId[failed.Id.ToString()].Attributes.ContainsKey("canceled"));
    }

    [Fact]
    public async Task Unknown_result_and_state_values_are_kept_as_text_without_failing_the_run()
    {
        var oddResult = VeeamFakeSession.Finished("SQL01 nightly", SqlJob, Ago(TimeSpan.FromHours(5), Berlin), TimeSpan.FromMinutes(3), "PartiallySucceeded");
        var oddStateEnded = VeeamFakeSession.Finished("File server", FileJob, Ago(TimeSpan.FromHours(4), Berlin), TimeSpan.FromMinutes(3));
        oddStateEnded.State = "Archived";
        var oddStateRunning = VeeamFakeSession.Running("File server", FileJob, Ago(TimeSpan.FromMinutes(30), Berlin));
        oddStateRunning.State = "WaitingForQuantumTape";
        _rig.Server.AddSessions(oddResult, oddStateEnded, oddStateRunning);

        var result = await _rig.Probe().RunAsync(CancellationToken.None);

        Assert.Equal(ProbeState.Ok, result.State);
        VeeamRig.AssertValid(result);
        var byId = result.Observations.ToDictionary(o => o.Attributes["session_id"]);
        Assert.Equal(RunStatus.Failed, byId[oddResult.Id.ToString()].Status);
        Assert.Equal("PartiallySucceeded", byId[oddResult.Id.ToString()].Attributes["vendor_result"]);
        Assert.Equal("Veeam result 'PartiallySucceeded'", byId[oddResult.Id.ToString()].Message);
        Assert.Equal(RunStatus.Success, byId[oddStateEnded.Id.ToString()].Status);
        Assert.Equal("Archived", byId[oddStateEnded.Id.ToString()].Attributes["vendor_state"]);
        Assert.Equal(RunStatus.Running, byId[oddStateRunning.Id.ToString()].Status);
        Assert.Equal("WaitingForQuantumTape", byId[oddStateRunning.Id.ToString()].Attributes["vendor_state"]);
    }

    [Fact]
    public async Task Only_sessions_new_since_the_last_run_are_reported_even_after_a_restart()
    {
        _rig.Server.AddSessions(
            VeeamFakeSession.Finished("SQL01 nightly", SqlJob, Ago(TimeSpan.FromHours(30), Berlin), TimeSpan.FromMinutes(10)),
            VeeamFakeSession.Finished("SQL01 nightly", SqlJob, Ago(TimeSpan.FromHours(6), Berlin), TimeSpan.FromMinutes(10)),
            VeeamFakeSession.Finished("File server", FileJob, Ago(TimeSpan.FromMinutes(40), NewYork), TimeSpan.FromMinutes(10)));
        var first = await _rig.Probe().RunAsync(CancellationToken.None);
        _rig.Time.Advance(TimeSpan.FromMinutes(5));
        // One created just before the newest one already seen (inside the overlap), one after it.
        var late = VeeamFakeSession.Finished("File server", FileJob, Ago(TimeSpan.FromMinutes(42), Berlin), TimeSpan.FromMinutes(2), "Warning");
        var newer = VeeamFakeSession.Finished("SQL01 nightly", SqlJob, Ago(TimeSpan.FromMinutes(20), Berlin), TimeSpan.FromMinutes(10));
        _rig.Server.AddSessions(late, newer);

        var second = await _rig.Probe().RunAsync(CancellationToken.None);
        var third = await _rig.Probe().RunAsync(CancellationToken.None);

        Assert.Equal(3, first.Observations.Count);
        Assert.Equal(new[] { late.Id.ToString(), newer.Id.ToString() }.Order(), second.Observations.Select(o => o.Attributes["session_id"]).Order());
        Assert.Empty(third.Observations);
        var sessionQueries = _rig.Server.Requests.Where(r => r.Path == "/api/v1/sessions").Select(r => r.Query).ToList();
        Assert.Contains("createdAfterFilter=2025-03-03T06%3A00%3A00", sessionQueries[0], StringComparison.Ordinal);
        // Later runs ask from the newest creation time seen (05:20 UTC) minus the overlap.
        Assert.Contains("createdAfterFilter=2025-03-10T05%3A10%3A00", sessionQueries[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task First_run_reads_back_only_as_far_as_Lookback()
    {
        var old = VeeamFakeSession.Finished("SQL01 nightly", SqlJob, Ago(TimeSpan.FromDays(3), Berlin), TimeSpan.FromMinutes(10));
        _rig.Server.AddSessions(old, VeeamFakeSession.Finished("SQL01 nightly", SqlJob, Ago(TimeSpan.FromHours(20), Berlin), TimeSpan.FromMinutes(10)));

        var result = await _rig.Probe(o => o.Lookback = TimeSpan.FromDays(2)).RunAsync(CancellationToken.None);

        Assert.DoesNotContain(result.Observations, o => o.Attributes["session_id"] == old.Id.ToString());
        Assert.Single(result.Observations);
    }

    [Fact]
    public async Task Several_pages_are_read_when_the_server_caps_the_page_size()
    {
        var sessions = Enumerable.Range(0, 450)
            .Select(i => VeeamFakeSession.Finished($"Job {i % 7}", SqlJob, Ago(TimeSpan.FromMinutes(30 + i), i % 2 == 0 ? Berlin : NewYork), TimeSpan.FromMinutes(1)))
            .ToArray();
        _rig.Server.AddSessions(sessions);
        _rig.Server.MaxPageSize = 100;

        var result = await _rig.Probe(o => o.PageSize = 200).RunAsync(CancellationToken.None);

        Assert.Equal(ProbeState.Ok, result.State);
        Assert.Equal(sessions.Select(s => s.Id.ToString()).Order(), result.Observations.Select(o => o.Attributes["session_id"]).Order());
        var skips = _rig.Server.Requests.Where(r => r.Path == "/api/v1/sessions").Select(r => r.Query.Split('&')[0]).ToList();
        Assert.Equal(["?skip=0", "?skip=100", "?skip=200", "?skip=300", "?skip=400"], skips);
        Assert.All(_rig.Server.Requests.Where(r => r.Path == "/api/v1/sessions"), r => Assert.Contains("limit=200", r.Query, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_running_session_is_reported_once_as_running_and_its_end_once_even_after_the_window_moved_on()
    {
        var running = VeeamFakeSession.Running("SQL01 nightly", SqlJob, Ago(TimeSpan.FromHours(3), Berlin), progressPercent: 35);
        _rig.Server.AddSessions(running);

        var first = await _rig.Probe().RunAsync(CancellationToken.None);
        _rig.Time.Advance(TimeSpan.FromMinutes(5));
        // A newer session moves the window past the running one's creation time.
        _rig.Server.AddSessions(VeeamFakeSession.Finished("File server", FileJob, Ago(TimeSpan.FromMinutes(30), Berlin), TimeSpan.FromMinutes(5)));
        var second = await _rig.Probe().RunAsync(CancellationToken.None);
        _rig.Time.Advance(TimeSpan.FromMinutes(5));
        var stillRunning = await _rig.Probe().RunAsync(CancellationToken.None);
        _rig.Server.UpdateSession(running.Id, s => s.Finish(Now + TimeSpan.FromMinutes(8), "Failed", "Job was stopped by retention"));
        _rig.Time.Advance(TimeSpan.FromMinutes(5));
        var ended = await _rig.Probe().RunAsync(CancellationToken.None);
        var afterwards = await _rig.Probe().RunAsync(CancellationToken.None);

        var runningObservation = Assert.Single(first.Observations);
        Assert.Equal(RunStatus.Running, runningObservation.Status);
        Assert.Null(runningObservation.EndTime);
        Assert.Equal("35", runningObservation.Attributes["progress_percent"]);
        Assert.Equal("File server", Assert.Single(second.Observations).JobName);
        Assert.Empty(stillRunning.Observations);
        var end = Assert.Single(ended.Observations);
        Assert.Equal(RunStatus.Failed, end.Status);
        Assert.Equal("Job was stopped by retention", end.Message);
        Assert.Equal(Now + TimeSpan.FromMinutes(8), end.EndTime.ToDateTimeOffset());
        Assert.NotEqual(runningObservation.Id, end.Id);
        Assert.Equal((running.Id.ToString(), running.Id.ToString()), (runningObservation.RunId, end.RunId));
        Assert.Empty(afterwards.Observations);
        Assert.Contains(_rig.Server.Requests, r => r.Path == $"/api/v1/sessions/{running.Id}");
    }

    [Fact]
    public async Task A_running_session_deleted_on_the_server_is_forgotten()
    {
        var running = VeeamFakeSession.Running("SQL01 nightly", SqlJob, Ago(TimeSpan.FromHours(3), Berlin));
        _rig.Server.AddSessions(running, VeeamFakeSession.Finished("File server", FileJob, Ago(TimeSpan.FromMinutes(30), Berlin), TimeSpan.FromMinutes(5)));
        await _rig.Probe().RunAsync(CancellationToken.None);
        _rig.Server.RemoveSession(running.Id);

        var afterDelete = await _rig.Probe().RunAsync(CancellationToken.None);
        _rig.Server.ClearRequests();
        await _rig.Probe().RunAsync(CancellationToken.None);

        Assert.Equal(ProbeState.Ok, afterDelete.State);
        Assert.DoesNotContain(_rig.Server.Requests, r => r.Path.StartsWith("/api/v1/sessions/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Ids_are_stable_across_probe_instances_and_differ_between_probes()
    {
        var session = VeeamFakeSession.Finished("SQL01 nightly", SqlJob, Ago(TimeSpan.FromHours(2), Berlin), TimeSpan.FromMinutes(10));
        _rig.Server.AddSessions(session);

        var one = await _rig.Probe().RunAsync(CancellationToken.None);
        var otherState = await _rig.Probe(o => o.Name = "vbr-other").RunAsync(CancellationToken.None);
        _rig.States.For(VeeamRig.ProbeName).Save(new VeeamCursor { CreatedAfter = Now - TimeSpan.FromDays(1) }, VeeamJsonContext.Default.VeeamCursor);
        var reread = await _rig.Probe().RunAsync(CancellationToken.None);

        Assert.Equal(Assert.Single(one.Observations).Id, Assert.Single(reread.Observations).Id);
        Assert.NotEqual(Assert.Single(one.Observations).Id, Assert.Single(otherState.Observations).Id);
        Assert.Equal($"vbr-other/{SqlJob}", Assert.Single(otherState.Observations).JobKey);
    }

    [Fact]
    public async Task SessionTypes_limits_what_is_reported()
    {
        var backup = VeeamFakeSession.Finished("SQL01 nightly", SqlJob, Ago(TimeSpan.FromHours(2), Berlin), TimeSpan.FromMinutes(10));
        var restore = VeeamFakeSession.Finished("Restore of SQL01", Guid.Empty, Ago(TimeSpan.FromHours(1), Berlin), TimeSpan.FromMinutes(10));
        restore.SessionType = "RestoreVm";
        _rig.Server.AddSessions(backup, restore);

        var all = await _rig.Probe().RunAsync(CancellationToken.None);
        var onlyBackups = await _rig.Probe(o =>
        {
            o.Name = "vbr-backups";
            o.SessionTypes.Add("BackupJob");
        }).RunAsync(CancellationToken.None);

        Assert.Equal(2, all.Observations.Count);
        Assert.Equal("vbr-main/RestoreVm/Restore of SQL01", all.Observations.Single(o => o.Attributes["session_type"] == "RestoreVm").JobKey);
        Assert.Equal(backup.Id.ToString(), Assert.Single(onlyBackups.Observations).Attributes["session_id"]);
    }

    [Fact]
    public async Task Job_states_list_every_job_with_a_disabled_one_not_enabled()
    {
        var lastRun = new DateTimeOffset(2025, 3, 10, 2, 0, 0, Berlin);
        _rig.Server.AddJobs(
            new VeeamFakeJob
            {
                Id = SqlJob, Name = "SQL01 nightly", Type = "VSphereBackup", Status = "Inactive", LastRun = lastRun, LastResult = "Success",
                NextRun = new DateTimeOffset(2025, 3, 11, 2, 0, 0, Berlin), RepositoryName = "NAS01 repo", ObjectsCount = 3, TransferredSize = 182_000_000_000,
            },
            new VeeamFakeJob { Id = FileJob, Name = "File server", Type = "HyperVBackup", Status = "Disabled", LastResult = "Failed" });
        var session = VeeamFakeSession.Finished("SQL01 nightly", SqlJob, lastRun, TimeSpan.FromMinutes(14));
        var older = VeeamFakeSession.Finished("SQL01 nightly", SqlJob, lastRun - TimeSpan.FromDays(1), TimeSpan.FromMinutes(14));
        _rig.Server.AddSessions(session, older);

        var result = await _rig.Probe().RunAsync(CancellationToken.None);

        Assert.NotNull(result.Jobs);
        var sql = result.Jobs.Single(j => j.JobKey == $"vbr-main/{SqlJob}");
        Assert.True(sql.Enabled);
        Assert.Equal("SQL01 nightly", sql.JobName);
        Assert.Equal("veeam.vbr", sql.SourceKind);
        Assert.Equal(new DateTimeOffset(2025, 3, 11, 0, 0, 0, TimeSpan.Zero), sql.NextRun.ToDateTimeOffset());
        Assert.Equal("VSphereBackup", sql.Attributes["type"]);
        Assert.Equal("NAS01 repo", sql.Attributes["repository"]);
        Assert.Equal("Success", sql.Attributes["last_result"]);
        Assert.Equal("3", sql.Attributes["objects_count"]);
        var file = result.Jobs.Single(j => j.JobKey == $"vbr-main/{FileJob}");
        Assert.False(file.Enabled);
        Assert.Null(file.NextRun);
        Assert.Equal("Disabled", file.Attributes["status"]);
        // The job's latest-session figures belong to the session that started at its lastRun only.
        Assert.Equal(182_000_000_000, result.Observations.Single(o => o.Attributes["session_id"] == session.Id.ToString()).SizeBytes);
        Assert.Equal(0, result.Observations.Single(o => o.Attributes["session_id"] == older.Id.ToString()).SizeBytes);
        Assert.Equal("NAS01 repo", result.Observations.Single(o => o.Attributes["session_id"] == session.Id.ToString()).Attributes["repository"]);
    }
}
