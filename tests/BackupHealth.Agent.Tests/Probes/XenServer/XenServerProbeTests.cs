using BackupHealth.Agent.Probes;
using BackupHealth.Agent.Probes.Shared.State;
using BackupHealth.Agent.Probes.XenServer;
using BackupHealth.Agent.Tests.Support;
using BackupHealth.Contracts;
using BackupHealth.Contracts.V1;
using BackupHealth.VendorFakes.XenServer;
using Microsoft.Extensions.Time.Testing;

namespace BackupHealth.Agent.Tests.Probes.XenServer;

public sealed class XenServerProbeTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 6, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(Now);
    private readonly TestLogging _logging = new();
    private readonly ProbeStateStores _stores = ProbeStateStores.InMemory();
    private readonly List<XenServerProbe> _probes = [];
    private readonly XenFakeVm _web = XenFakeVm.Guest("web01");
    private readonly XenFakeVm _db = XenFakeVm.Guest("db01", "Halted");
    private XenServerFake _pool = null!;

    public async Task InitializeAsync()
    {
        _pool = await XenServerFake.StartAsync();
        _pool.AddVms(_web, _db);
    }

    public async Task DisposeAsync()
    {
        foreach (var probe in _probes)
        {
            await probe.DisposeAsync();
        }

        await _pool.DisposeAsync();
        _logging.Dispose();
    }

    private XenServerProbeOptions Options(Action<XenServerProbeOptions>? configure = null)
    {
        var options = new XenServerProbeOptions
        {
            Name = "xen",
            Type = "xenserver",
            Url = _pool.BaseAddress.ToString(),
            Username = _pool.Username,
            Password = _pool.Password,
            CertificateThumbprint = _pool.CertificateSha256,
        };
        configure?.Invoke(options);
        return options;
    }

    private XenServerProbe Probe(XenServerProbeOptions? options = null)
    {
        options ??= Options();
        var probe = new XenServerProbe(options, _time, _stores.For(options.Name), _logging.For<XenServerProbe>());
        _probes.Add(probe);
        return probe;
    }

    private async Task<ProbeResult> RunOnce(XenServerProbeOptions? options = null) => await Probe(options).RunAsync(CancellationToken.None);

    [Fact]
    public async Task Inventory_lists_guests_only_with_their_snapshot_times()
    {
        _pool.AddVms(
            new XenFakeVm { NameLabel = "Debian 12 template", IsATemplate = true, PowerState = "Halted" },
            new XenFakeVm { NameLabel = "Control domain on host: xen01", IsControlDomain = true },
            XenFakeVm.SnapshotOfVm(_web, Now - TimeSpan.FromDays(2)),
            XenFakeVm.SnapshotOfVm(_web, Now - TimeSpan.FromHours(5), "web01 nightly"));

        var result = await RunOnce();

        Assert.Equal(ProbeState.Ok, result.State);
        var inventory = result.Inventory!;
        Assert.Equal("xenserver", inventory.Hypervisor);
        Assert.Equal(["db01", "web01"], inventory.Items.Select(i => i.Name));
        var web = inventory.Items.Single(i => i.Name == "web01");
        Assert.Equal(_web.Uuid, web.Id);
        Assert.Equal("Running", web.PowerState);
        Assert.Equal("2", web.Attributes["snapshot_count"]);
        Assert.Equal("2026-11-27T01:00:00Z", web.Attributes["last_snapshot_time"]);
        var db = inventory.Items.Single(i => i.Name == "db01");
        Assert.Equal("Halted", db.PowerState);
        Assert.Equal("0", db.Attributes["snapshot_count"]);
        Assert.False(db.Attributes.ContainsKey("last_snapshot_time"));
        Assert.Equal(1, _pool.LoginCount);
        Assert.Equal("session.login_with_password", _pool.Calls[0]);
    }

    [Fact]
    public async Task Every_call_sends_its_body_with_a_content_length_as_xapi_requires()
    {
        var probe = Probe();

        var result = await probe.RunAsync(CancellationToken.None);
        await probe.DisposeAsync();

        Assert.Equal(ProbeState.Ok, result.State);
        var calls = _pool.Server.Framing;
        Assert.Equal(["session.login_with_password", "VM.get_all_records", "task.get_all_records", "session.logout"], _pool.Calls);
        Assert.Equal(4, calls.Count);
        Assert.All(calls, call => Assert.True(call.ContentLength > 0 && !call.Chunked, call.ToString()));
    }

    [Fact]
    public async Task The_stand_in_refuses_a_chunked_body_as_xapi_does()
    {
        using var response = await _pool.Server.PostChunkedAsync("jsonrpc", """{"jsonrpc":"2.0","method":"session.login_with_password","params":["root","xen-secret"],"id":1}""");

        Assert.Equal(500, (int)response.StatusCode);
        Assert.Equal("Internal Error", response.ReasonPhrase);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.True(response.Headers.ConnectionClose);
        Assert.Contains("Failure(&quot;We require a content-length: HTTP header&quot;)", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, _pool.LoginCount);
    }

    [Fact]
    public async Task Export_task_statuses_map_to_run_statuses_with_the_vendor_error_kept()
    {
        var created = Now - TimeSpan.FromHours(4);
        var ok = XenFakeTask.Export(_web, "success", created, created + TimeSpan.FromMinutes(40));
        var broken = XenFakeTask.Export(_db, "failure", created, created + TimeSpan.FromMinutes(3), 0.3, "VDI_IO_ERROR", "Device I/O errors");
        var stopped = XenFakeTask.Export(_web, "cancelled", created - TimeSpan.FromDays(1), created - TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1));
        var running = XenFakeTask.Export(_db, "pending", Now - TimeSpan.FromMinutes(10), progress: 0.42);
        var odd = XenFakeTask.Export(_web, "exploded", created - TimeSpan.FromDays(2), created - TimeSpan.FromDays(2) + TimeSpan.FromMinutes(1));
        _pool.AddTasks(ok, broken, stopped, running, odd, new XenFakeTask { NameLabel = "VM.start", Status = "failure", ErrorInfo = ["VM_BAD_POWER_STATE"] });

        var result = await RunOnce();

        var byTask = result.Observations.ToDictionary(o => o.Attributes["task_uuid"]);
        Assert.Equal(5, byTask.Count);
        var success = byTask[ok.Uuid];
        Assert.Equal(RunStatus.Success, success.Status);
        Assert.Equal("xenserver.xapi", success.SourceKind);
        Assert.Equal($"xen/export/{_web.Uuid}", success.JobKey);
        Assert.Equal("Export of VM web01", success.JobName);
        Assert.Equal("web01", success.ProtectedObject);
        Assert.Equal(_web.Uuid, success.Attributes["vm_uuid"]);
        Assert.Equal(created, success.StartTime.ToDateTimeOffset());
        Assert.Equal(created + TimeSpan.FromMinutes(40), success.EndTime.ToDateTimeOffset());
        var failure = byTask[broken.Uuid];
        Assert.Equal(RunStatus.Failed, failure.Status);
        Assert.Equal("VDI_IO_ERROR Device I/O errors", failure.Message);
        Assert.Equal("VDI_IO_ERROR", failure.Attributes["error_code"]);
        Assert.Equal($"xen/export/{_db.Uuid}", failure.JobKey);
        Assert.Equal((RunStatus.Failed, "cancelled"), (byTask[stopped.Uuid].Status, byTask[stopped.Uuid].Message));
        Assert.Equal((RunStatus.Failed, "unrecognised task status 'exploded'"), (byTask[odd.Uuid].Status, byTask[odd.Uuid].Message));
        Assert.Equal("exploded", byTask[odd.Uuid].Attributes["vendor_status"]);
        var pending = byTask[running.Uuid];
        Assert.Equal(RunStatus.Running, pending.Status);
        Assert.Equal("0.42", pending.Attributes["progress"]);
        Assert.Null(pending.EndTime);
        Assert.All(result.Observations, o => Assert.Null(ObservationValidator.Validate(o, Now, TimeSpan.FromMinutes(10))));
    }

    [Fact]
    public async Task XAPI_times_with_offset_or_without_zone_are_read_as_UTC()
    {
        _pool.AddTasks(
            XenFakeTask.Export(_web, "success", Now) with { Created = "20261127T04:00:00+02:00", Finished = "20261127T04:30:00+02:00" },
            XenFakeTask.Export(_db, "success", Now) with { Created = "20261127T03:00:00", Finished = "2026-11-27T03:20:00Z" });

        var result = await RunOnce();

        var web = result.Observations.Single(o => o.ProtectedObject == "web01");
        var db = result.Observations.Single(o => o.ProtectedObject == "db01");
        Assert.Equal(new DateTimeOffset(2026, 11, 27, 2, 0, 0, TimeSpan.Zero), web.StartTime.ToDateTimeOffset());
        Assert.Equal(new DateTimeOffset(2026, 11, 27, 2, 30, 0, TimeSpan.Zero), web.EndTime.ToDateTimeOffset());
        Assert.Equal(new DateTimeOffset(2026, 11, 27, 3, 0, 0, TimeSpan.Zero), db.StartTime.ToDateTimeOffset());
        Assert.Equal(new DateTimeOffset(2026, 11, 27, 3, 20, 0, TimeSpan.Zero), db.EndTime.ToDateTimeOffset());
    }

    [Fact]
    public async Task A_task_is_reported_once_running_and_once_finished_never_again()
    {
        var task = XenFakeTask.Export(_web, "pending", Now - TimeSpan.FromMinutes(5), progress: 0.1);
        _pool.AddTasks(task);
        var probe = Probe();

        var first = await probe.RunAsync(CancellationToken.None);
        _pool.UpdateTask(task with { Progress = 0.6 });
        var stillRunning = await probe.RunAsync(CancellationToken.None);
        _pool.UpdateTask(task with { Status = "success", Progress = 1, Finished = XenFakeTask.Time(Now) });
        var finished = await probe.RunAsync(CancellationToken.None);
        var again = await probe.RunAsync(CancellationToken.None);
        var afterAgentRestart = await RunOnce();

        Assert.Equal(RunStatus.Running, Assert.Single(first.Observations).Status);
        Assert.Empty(stillRunning.Observations);
        var done = Assert.Single(finished.Observations);
        Assert.Equal(RunStatus.Success, done.Status);
        Assert.NotEqual(first.Observations[0].Id, done.Id);
        Assert.Equal((task.Uuid, task.Uuid), (first.Observations[0].RunId, done.RunId));
        Assert.Empty(again.Observations);
        Assert.Empty(afterAgentRestart.Observations);
    }

    [Fact]
    public async Task Tasks_that_vanish_with_a_toolstack_restart_are_not_reported_again_and_the_session_is_renewed()
    {
        _pool.AddTasks(
            XenFakeTask.Export(_web, "success", Now - TimeSpan.FromHours(2), Now - TimeSpan.FromHours(1)),
            XenFakeTask.Export(_db, "pending", Now - TimeSpan.FromMinutes(20), progress: 0.5));
        var probe = Probe();
        var before = await probe.RunAsync(CancellationToken.None);

        _pool.RestartToolstack();
        _time.Advance(TimeSpan.FromMinutes(5));
        var afterRestart = await probe.RunAsync(CancellationToken.None);
        var newTask = XenFakeTask.Export(_web, "failure", Now, Now + TimeSpan.FromMinutes(1), 0.2, "VDI_IO_ERROR");
        _pool.AddTasks(newTask);
        var later = await probe.RunAsync(CancellationToken.None);

        Assert.Equal(2, before.Observations.Count);
        Assert.Equal(ProbeState.Ok, afterRestart.State);
        Assert.Empty(afterRestart.Observations);
        Assert.Equal(2, _pool.LoginCount);
        Assert.Equal(newTask.Uuid, Assert.Single(later.Observations).Attributes["task_uuid"]);
    }

    [Fact]
    public async Task An_expired_session_is_renewed_and_the_run_still_succeeds()
    {
        var probe = Probe();
        await probe.RunAsync(CancellationToken.None);
        _pool.ExpireSessionsNow();
        _pool.AddTasks(XenFakeTask.Export(_web, "success", Now - TimeSpan.FromHours(1), Now));

        var result = await probe.RunAsync(CancellationToken.None);

        Assert.Equal(ProbeState.Ok, result.State);
        Assert.Single(result.Observations);
        Assert.Equal(2, _pool.LoginCount);
        Assert.Equal(2, result.Inventory!.Items.Count);
    }

    [Fact]
    public async Task JSON_RPC_1_answers_and_errors_are_read_too()
    {
        _pool.AnswerAsJsonRpc1 = true;
        _pool.AddTasks(XenFakeTask.Export(_db, "failure", Now - TimeSpan.FromHours(1), Now, 0.5, "SR_FULL", "12", "34"));

        var result = await RunOnce();
        var refused = await RunOnce(Options(o => (o.Name, o.Password) = ("xen-bad", "nope")));

        Assert.Equal("SR_FULL 12 34", Assert.Single(result.Observations).Message);
        Assert.Equal(ProbeState.Error, refused.State);
        Assert.Contains("login as root refused (SESSION_AUTHENTICATION_FAILED)", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refused_login_is_a_probe_error_without_the_password()
    {
        var result = await RunOnce(Options(o => o.Password = "wrong-pw"));

        Assert.Equal(ProbeState.Error, result.State);
        Assert.Contains("login as root refused (SESSION_AUTHENTICATION_FAILED): check Username and Password", result.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong-pw", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_pool_member_instead_of_the_master_is_an_error_naming_the_master()
    {
        _pool.PoolMasterAddress = "192.0.2.10";

        var result = await RunOnce();

        Assert.Equal(ProbeState.Error, result.State);
        Assert.Contains("set Url to the master (192.0.2.10)", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Server_down_is_a_probe_error_not_a_crash()
    {
        var probe = Probe();
        await _pool.StopAsync();

        var result = await probe.RunAsync(CancellationToken.None);

        Assert.Equal(ProbeState.Error, result.State);
        Assert.Contains($"cannot reach XAPI at {_pool.BaseAddress}", result.Message, StringComparison.Ordinal);
        Assert.Null(result.Inventory);
    }

    [Fact]
    public async Task A_wrong_pin_refuses_the_certificate()
    {
        var result = await RunOnce(Options(o => o.CertificateThumbprint = new string('0', 40)));

        Assert.Equal(ProbeState.Error, result.State);
        Assert.Equal(0, _pool.LoginCount);
    }

    [Fact]
    public async Task Disposing_the_probe_logs_out()
    {
        var probe = new XenServerProbe(Options(), _time, _stores.For("xen"), _logging.For<XenServerProbe>());
        await probe.RunAsync(CancellationToken.None);

        await probe.DisposeAsync();

        Assert.Equal(1, _pool.LogoutCount);
        Assert.Equal("session.logout", _pool.Calls[^1]);
    }

    [Fact]
    public async Task An_exported_snapshot_counts_for_its_VM_and_unknown_targets_keep_their_text()
    {
        var snapshot = XenFakeVm.SnapshotOfVm(_web, Now - TimeSpan.FromHours(3));
        _pool.AddVms(snapshot);
        _pool.AddTasks(
            XenFakeTask.Export(snapshot, "success", Now - TimeSpan.FromHours(2), Now - TimeSpan.FromHours(1)),
            new XenFakeTask { NameLabel = "Export of VM db01", Status = "success", Created = XenFakeTask.Time(Now - TimeSpan.FromHours(1)), Finished = XenFakeTask.Time(Now) },
            new XenFakeTask { NameLabel = "Export of VM: gone-vm", Status = "success", Created = XenFakeTask.Time(Now - TimeSpan.FromHours(1)), Finished = XenFakeTask.Time(Now) },
            new XenFakeTask { NameLabel = "Export of VM", Status = "success", Created = XenFakeTask.Time(Now - TimeSpan.FromHours(1)), Finished = XenFakeTask.Time(Now), OtherConfig = new Dictionary<string, string> { ["applies_to"] = _db.Ref } });

        var result = await RunOnce();

        var keys = result.Observations.Select(o => o.JobKey).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(new[] { $"xen/export/{_db.Uuid}", $"xen/export/{_db.Uuid}", $"xen/export/{_web.Uuid}", "xen/export/gone-vm" }.Order(StringComparer.Ordinal), keys);
        var fromSnapshot = result.Observations.Single(o => o.JobKey.EndsWith(_web.Uuid, StringComparison.Ordinal));
        Assert.Equal(snapshot.Uuid, fromSnapshot.Attributes["exported_snapshot"]);
        Assert.Equal("web01", fromSnapshot.ProtectedObject);
    }
}
