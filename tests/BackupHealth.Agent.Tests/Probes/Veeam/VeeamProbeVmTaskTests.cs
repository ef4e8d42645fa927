using BackupHealth.Agent.Probes;
using BackupHealth.Contracts.V1;
using BackupHealth.VendorFakes.Veeam;

namespace BackupHealth.Agent.Tests.Probes.Veeam;

public sealed class VeeamProbeVmTaskTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = VeeamRig.Now;
    private static readonly TimeSpan Berlin = TimeSpan.FromHours(2);
    private static readonly Guid HyperVJob = Guid.Parse("5c0e8a1d-2b3f-4a6c-9d7e-0f1a2b3c4d5e");
    private VeeamRig _rig = null!;

    public async Task InitializeAsync()
    {
        _rig = await VeeamRig.StartAsync();
        _rig.Server.AddJobs(new VeeamFakeJob { Id = HyperVJob, Name = "Hyper-V nightly", Type = "HyperVBackup" });
    }

    public async Task DisposeAsync() => await _rig.DisposeAsync();

    private static DateTimeOffset Ago(TimeSpan age) => (Now - age).ToOffset(Berlin);

    private static List<Observation> Tasks(ProbeResult result) =>
        result.Observations.Where(o => o.SourceKind == "veeam.vbr.task").ToList();

    private int TaskRequests() => _rig.Server.Requests.Count(r => r.Path.EndsWith("/taskSessions", StringComparison.Ordinal));

    [Fact]
    public async Task A_finished_session_reports_each_vm_by_name_with_its_own_result()
    {
        var session = VeeamFakeSession.Finished("Hyper-V nightly", HyperVJob, new DateTimeOffset(2025, 3, 10, 2, 0, 0, Berlin), TimeSpan.FromMinutes(30), "Failed", "1 of 2 VMs failed");
        var dc01 = VeeamFakeTaskSession.For(session, "DC01");
        dc01.CreationTime = new DateTimeOffset(2025, 3, 10, 2, 0, 30, Berlin);
        dc01.EndTime = new DateTimeOffset(2025, 3, 10, 2, 12, 0, Berlin);
        dc01.TransferredSize = 4_500_000_000;
        dc01.Algorithm = "Increment";
        var sql01 = VeeamFakeTaskSession.For(session, "SQL01", "Failed", "Error: Failed to create VM recovery checkpoint");
        sql01.Algorithm = "Full";
        var scan = VeeamFakeTaskSession.For(session, "DC01");
        scan.Type = "Antivirus";
        _rig.Server.AddSessions(session);
        _rig.Server.AddTaskSessions(session.Id, dc01, sql01, scan);

        var result = await _rig.Probe().RunAsync(CancellationToken.None);

        Assert.Equal(ProbeState.Ok, result.State);
        VeeamRig.AssertValid(result);
        var job = result.Observations.Single(o => o.SourceKind == "veeam.vbr");
        Assert.Equal(RunStatus.Failed, job.Status);
        Assert.False(job.Attributes.ContainsKey("backup_type"), "one VM wrote a full, the other an increment");
        var tasks = Tasks(result);
        Assert.Equal(["DC01", "SQL01"], tasks.Select(t => t.ProtectedObject).Order());
        var dc = tasks.Single(t => t.ProtectedObject == "DC01");
        Assert.Equal(RunStatus.Success, dc.Status);
        Assert.Equal($"vbr-main/{HyperVJob}/vm/DC01", dc.JobKey);
        Assert.Equal("Hyper-V nightly — DC01", dc.JobName);
        Assert.Equal(new DateTimeOffset(2025, 3, 10, 0, 0, 30, TimeSpan.Zero), dc.StartTime.ToDateTimeOffset());
        Assert.Equal(new DateTimeOffset(2025, 3, 10, 0, 12, 0, TimeSpan.Zero), dc.EndTime.ToDateTimeOffset());
        Assert.Equal(4_500_000_000, dc.SizeBytes);
        Assert.Equal(dc01.Id.ToString(), dc.RunId);
        Assert.Equal(StableId.Of("vbr-main", dc01.Id.ToString(), "Success"), dc.Id);
        Assert.Equal(session.Id.ToString(), dc.Attributes["session_id"]);
        Assert.Equal(HyperVJob.ToString(), dc.Attributes["job_id"]);
        Assert.Equal("DC01", dc.Attributes["vm_name"]);
        Assert.Equal("incremental", dc.Attributes["backup_type"]);
        var sql = tasks.Single(t => t.ProtectedObject == "SQL01");
        Assert.Equal("full", sql.Attributes["backup_type"]);
        Assert.Equal(RunStatus.Failed, sql.Status);
        Assert.Equal("Error: Failed to create VM recovery checkpoint", sql.Message);
        Assert.Equal(0, sql.SizeBytes);
        Assert.Equal($"vbr-main/{HyperVJob}/vm/SQL01", sql.JobKey);
    }

    [Fact]
    public async Task A_session_whose_vms_all_wrote_a_full_is_a_full()
    {
        var session = VeeamFakeSession.Finished("Hyper-V nightly", HyperVJob, Ago(TimeSpan.FromHours(3)), TimeSpan.FromMinutes(90));
        var dc01 = VeeamFakeTaskSession.For(session, "DC01");
        var sql01 = VeeamFakeTaskSession.For(session, "SQL01");
        dc01.Algorithm = sql01.Algorithm = "Full";
        _rig.Server.AddSessions(session);
        _rig.Server.AddTaskSessions(session.Id, dc01, sql01);

        var result = await _rig.Probe().RunAsync(CancellationToken.None);

        Assert.All(result.Observations, o => Assert.Equal("full", o.Attributes["backup_type"]));
        Assert.Equal(3, result.Observations.Count);
    }

    [Fact]
    public async Task Task_sessions_are_read_only_once_a_session_has_finished_and_reported_once()
    {
        var session = VeeamFakeSession.Running("Hyper-V nightly", HyperVJob, Ago(TimeSpan.FromHours(1)));
        var task = VeeamFakeTaskSession.For(session, "DC01");
        task.State = "Working";
        task.Result = "None";
        task.EndTime = null;
        _rig.Server.AddSessions(session);
        _rig.Server.AddTaskSessions(session.Id, task);

        var whileRunning = await _rig.Probe().RunAsync(CancellationToken.None);
        var requestsWhileRunning = TaskRequests();
        _rig.Server.UpdateSession(session.Id, s => s.Finish(Now + TimeSpan.FromMinutes(3), "Warning", "1 VM with warnings"));
        _rig.Server.UpdateTaskSession(session.Id, task.Id, t =>
        {
            t.State = "Stopped";
            t.Result = "Warning";
            t.Message = "Slow storage";
            t.EndTime = Now + TimeSpan.FromMinutes(3);
        });
        _rig.Time.Advance(TimeSpan.FromMinutes(5));
        var ended = await _rig.Probe().RunAsync(CancellationToken.None);
        _rig.Time.Advance(TimeSpan.FromMinutes(5));
        var afterwards = await _rig.Probe().RunAsync(CancellationToken.None);

        Assert.Equal(RunStatus.Running, Assert.Single(whileRunning.Observations).Status);
        Assert.Equal(0, requestsWhileRunning);
        var vm = Assert.Single(Tasks(ended));
        Assert.Equal(RunStatus.Warning, vm.Status);
        Assert.Equal("Slow storage", vm.Message);
        Assert.Equal("DC01", vm.ProtectedObject);
        Assert.Empty(afterwards.Observations);
        Assert.Equal(1, TaskRequests());
    }

    [Fact]
    public async Task A_failing_task_sessions_endpoint_keeps_the_session_observation()
    {
        var session = VeeamFakeSession.Finished("Hyper-V nightly", HyperVJob, Ago(TimeSpan.FromHours(2)), TimeSpan.FromMinutes(10));
        _rig.Server.AddSessions(session);
        _rig.Server.AddTaskSessions(session.Id, VeeamFakeTaskSession.For(session, "DC01"));
        _rig.Server.TaskSessionsFailure = 500;

        var result = await _rig.Probe().RunAsync(CancellationToken.None);

        Assert.Equal(ProbeState.Ok, result.State);
        var only = Assert.Single(result.Observations);
        Assert.Equal("veeam.vbr", only.SourceKind);
        Assert.Equal(session.Id.ToString(), only.Attributes["session_id"]);
        Assert.Contains(_rig.Server.Requests, r => r.Path.EndsWith("/taskSessions", StringComparison.Ordinal) && r.Status == 500);
    }

    [Fact]
    public async Task Task_sessions_are_read_page_by_page()
    {
        var session = VeeamFakeSession.Finished("Hyper-V nightly", HyperVJob, Ago(TimeSpan.FromHours(2)), TimeSpan.FromMinutes(10));
        _rig.Server.AddSessions(session);
        var vms = Enumerable.Range(1, 5).Select(i => $"VM{i:00}").ToArray();
        _rig.Server.AddTaskSessions(session.Id, [.. vms.Select(vm => VeeamFakeTaskSession.For(session, vm))]);
        _rig.Server.MaxPageSize = 2;

        var result = await _rig.Probe().RunAsync(CancellationToken.None);

        Assert.Equal(vms, Tasks(result).Select(t => t.ProtectedObject).Order());
        Assert.Equal(3, TaskRequests());
    }

    [Fact]
    public async Task ReportVmTasks_false_reports_sessions_only_and_never_asks_for_tasks()
    {
        var session = VeeamFakeSession.Finished("Hyper-V nightly", HyperVJob, Ago(TimeSpan.FromHours(2)), TimeSpan.FromMinutes(10));
        _rig.Server.AddSessions(session);
        _rig.Server.AddTaskSessions(session.Id, VeeamFakeTaskSession.For(session, "DC01"));

        var result = await _rig.Probe(o => o.ReportVmTasks = false).RunAsync(CancellationToken.None);

        Assert.Equal("veeam.vbr", Assert.Single(result.Observations).SourceKind);
        Assert.Equal(0, TaskRequests());
    }
}
