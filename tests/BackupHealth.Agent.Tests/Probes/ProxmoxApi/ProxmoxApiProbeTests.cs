using BackupHealth.Agent.Probes;
using BackupHealth.Agent.Probes.ProxmoxApi;
using BackupHealth.Agent.Probes.Shared.State;
using BackupHealth.Agent.Tests.Support;
using BackupHealth.Contracts;
using BackupHealth.Contracts.V1;
using BackupHealth.VendorFakes.Proxmox;
using Microsoft.Extensions.Time.Testing;
using static BackupHealth.Agent.Tests.Probes.ProxmoxVzdump.VzdumpLines;

namespace BackupHealth.Agent.Tests.Probes.ProxmoxApi;

public sealed partial class ProxmoxApiProbeTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 6, 0, 0, TimeSpan.Zero);

    /// <summary>01:00 UTC is 02:00 in Berlin in November.</summary>
    private static readonly DateTimeOffset JobStart = new(2026, 11, 27, 1, 0, 0, TimeSpan.Zero);
    private static readonly DateTime LocalStart = new(2026, 11, 27, 2, 0, 0);

    private readonly FakeTimeProvider _time = new(Now);
    private readonly TestLogging _logging = new();
    private readonly ProbeStateStores _stores = ProbeStateStores.InMemory();
    private readonly List<ProxmoxApiProbe> _probes = [];
    private PveFake _pve = null!;

    public async Task InitializeAsync()
    {
        _pve = await PveFake.StartAsync();
        _pve.Clock = Now;
        _pve.AddNode("pve1").AddNode("pve2").AddGuests(
            new PveFakeGuest(100, "web01"),
            new PveFakeGuest(101, "dns01", Node: "pve2", Type: "lxc", Status: "stopped"),
            new PveFakeGuest(9000, "debian-12-template", Status: "stopped", Template: true));
    }

    public async Task DisposeAsync()
    {
        foreach (var probe in _probes)
        {
            probe.Dispose();
        }

        await _pve.DisposeAsync();
        _logging.Dispose();
    }

    private ProxmoxApiProbe Probe(Action<ProxmoxApiProbeOptions>? configure = null)
    {
        var options = new ProxmoxApiProbeOptions
        {
            Name = "pve",
            Type = ProxmoxApiProbe.TypeName,
            Url = _pve.BaseAddress.ToString(),
            TokenId = _pve.TokenId,
            Secret = _pve.Secret,
            CertificateThumbprint = _pve.CertificateSha256,
        };
        configure?.Invoke(options);
        var probe = new ProxmoxApiProbe(options, _time, _stores.For(options.Name), _logging.For<ProxmoxApiProbe>());
        _probes.Add(probe);
        return probe;
    }

    private static async Task<ProbeResult> RunAsync(ProxmoxApiProbe probe) => await probe.RunAsync(CancellationToken.None);

    private static PveFakeTask SingleGuestTask(int vmid, DateTimeOffset start, string name = "web01") =>
        PveFakeTask.Vzdump("pve1", start, start + TimeSpan.FromMinutes(2), "OK",
        [
            .. Job($"{vmid} --storage local"),
            .. Start(vmid, "qemu", name, LocalStart, $"/var/lib/vz/dump/vzdump-qemu-{vmid}.vma.zst"),
            .. Finish(vmid, "1.00GB", TimeSpan.FromMinutes(2), LocalStart.AddMinutes(2)),
            "INFO: Backup job finished successfully",
            "TASK OK",
        ], id: vmid.ToString(System.Globalization.CultureInfo.InvariantCulture));

    [Fact]
    public async Task Requests_are_bodiless_gets_never_a_chunked_body()
    {
        var result = await RunAsync(Probe());

        Assert.Equal(ProbeState.Ok, result.State);
        Assert.NotEmpty(_pve.Server.Framing);
        Assert.All(_pve.Server.Framing, r => Assert.True(r.Method == "GET" && r.ContentLength is null or 0 && !r.Chunked, r.ToString()));
    }

    [Fact]
    public async Task The_token_is_accepted_and_the_inventory_lists_guests_without_templates()
    {
        var result = await RunAsync(Probe());

        Assert.Equal(ProbeState.Ok, result.State);
        var inventory = result.Inventory!;
        Assert.Equal("proxmox", inventory.Hypervisor);
        Assert.Equal(["pve1/100", "pve2/101"], inventory.Items.Select(i => i.Id));
        var dns = inventory.Items[1];
        Assert.Equal(("dns01", "stopped"), (dns.Name, dns.PowerState));
        Assert.Equal(("101", "pve2", "lxc"), (dns.Attributes["vmid"], dns.Attributes["node"], dns.Attributes["type"]));
        Assert.Contains("GET /api2/json/cluster/resources?type=vm", _pve.Requests);
    }

    [Fact]
    public async Task A_refused_token_is_a_probe_error_saying_which_settings_to_check()
    {
        var result = await RunAsync(Probe(o => o.Secret = "00000000-0000-0000-0000-000000000000"));

        Assert.Equal(ProbeState.Error, result.State);
        Assert.Contains($"API token {_pve.TokenId} was refused (HTTP 401", result.Message, StringComparison.Ordinal);
        Assert.Contains("TokenId and Secret/SecretFile", result.Message, StringComparison.Ordinal);
        Assert.Null(result.Inventory);
    }

    [Fact]
    public async Task Tasks_and_task_logs_are_read_across_pages()
    {
        var tasks = Enumerable.Range(0, 5).Select(i => SingleGuestTask(100, JobStart - TimeSpan.FromDays(i))).ToArray();
        _pve.AddTasks(tasks);

        var result = await RunAsync(Probe(o => (o.PageSize, o.Nodes) = (2, ["pve1"])));

        Assert.Equal(5, result.Observations.Count);
        Assert.All(result.Observations, o => Assert.Equal((RunStatus.Success, "web01"), (o.Status, o.ProtectedObject)));
        var taskPages = _pve.Requests.Where(r => r.StartsWith("GET /api2/json/nodes/pve1/tasks?", StringComparison.Ordinal) && r.Contains("source=archive", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, taskPages.Count);
        Assert.Contains(taskPages, r => r.Contains("start=4&limit=2", StringComparison.Ordinal));
        var logPages = _pve.Requests.Count(r => r.Contains(tasks[0].Upid + "/log", StringComparison.Ordinal));
        Assert.Equal((tasks[0].Log.Count + 1) / 2, logPages);
    }

    [Fact]
    public async Task Only_new_runs_are_reported_on_the_next_cycle_and_a_running_job_once_more_when_it_ends()
    {
        _pve.AddTasks(SingleGuestTask(100, JobStart - TimeSpan.FromDays(1)));
        var running = PveFakeTask.Vzdump("pve1", JobStart, null, null,
            [.. Job("100 --storage local"), .. Start(100, "qemu", "web01", LocalStart, "/var/lib/vz/dump/vzdump-qemu-100.vma.zst")], id: "100");
        _pve.AddTasks(running);
        var probe = Probe();

        var first = await RunAsync(probe);
        var second = await RunAsync(probe);
        _pve.UpdateTask(running with
        {
            End = JobStart + TimeSpan.FromMinutes(3),
            Status = "OK",
            Log = [.. running.Log, .. Finish(100, "900MB", TimeSpan.FromMinutes(3), LocalStart.AddMinutes(3)), "TASK OK"],
        });
        _pve.ClearRequests();
        var third = await RunAsync(probe);

        Assert.Equal([RunStatus.Success, RunStatus.Running], first.Observations.Select(o => o.Status).Order());
        Assert.Empty(second.Observations);
        var done = Assert.Single(third.Observations);
        Assert.Equal(RunStatus.Success, done.Status);
        Assert.Equal(first.Observations.Single(o => o.Status == RunStatus.Running).RunId, done.RunId);
        Assert.Equal(900L * 1024 * 1024, done.SizeBytes);
        Assert.Single(_pve.Requests, r => r.Contains("/log?", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Local_times_in_task_logs_use_the_nodes_time_zone_unless_TimeZone_is_set()
    {
        _pve.AddNode("pve1", timeZone: "Europe/Berlin");
        _pve.AddTasks(SingleGuestTask(100, JobStart));

        var asNodeSays = Assert.Single((await RunAsync(Probe())).Observations);
        var asConfigured = Assert.Single((await RunAsync(Probe(o => (o.Name, o.TimeZone) = ("tokyo", "Asia/Tokyo")))).Observations);

        Assert.Equal(JobStart, asNodeSays.StartTime.ToDateTimeOffset());
        Assert.Equal(JobStart + TimeSpan.FromMinutes(2), asNodeSays.EndTime.ToDateTimeOffset());
        Assert.Equal(new DateTimeOffset(2026, 11, 26, 17, 0, 0, TimeSpan.Zero), asConfigured.StartTime.ToDateTimeOffset());
        Assert.Contains("GET /api2/json/nodes/pve1/time", _pve.Requests);
    }

    [Fact]
    public async Task A_multi_guest_job_is_split_per_guest_with_warnings_and_failures()
    {
        _pve.AddTasks(PveFakeTask.Vzdump("pve2", JobStart, JobStart + TimeSpan.FromMinutes(9), "job errors",
        [
            .. Job("101 102 --storage nas"),
            .. Start(101, "lxc", "dns01", LocalStart, "/mnt/pve/nas/dump/vzdump-lxc-101.tar.zst"),
            "WARN: some files changed during backup",
            .. Finish(101, "300MB", TimeSpan.FromMinutes(3), LocalStart.AddMinutes(3)),
            "INFO: Starting Backup of VM 102 (qemu)",
            .. Fail(102, "VM 102 not running - unable to connect to QMP", LocalStart.AddMinutes(4)),
            "INFO: Backup job finished with errors",
            "TASK ERROR: job errors",
        ]));

        var result = await RunAsync(Probe());

        Assert.All(result.Observations, o => Assert.Null(ObservationValidator.Validate(o, Now, TimeSpan.FromMinutes(10))));
        var warned = result.Observations.Single(o => o.Attributes["vmid"] == "101");
        Assert.Equal((RunStatus.Warning, "some files changed during backup", "proxmox.api"), (warned.Status, warned.Message, warned.SourceKind));
        Assert.Equal(("pve/vzdump/101", "dns01", "pve2"), (warned.JobKey, warned.ProtectedObject, warned.Attributes["node"]));
        var failed = result.Observations.Single(o => o.Attributes["vmid"] == "102");
        Assert.Equal((RunStatus.Failed, "VM 102 not running - unable to connect to QMP"), (failed.Status, failed.Message));
        Assert.Equal("VM 102", failed.ProtectedObject);
    }

    [Fact]
    public async Task Offline_nodes_are_skipped_and_the_others_still_read()
    {
        _pve.AddNode("pve2", status: "offline");
        _pve.AddTasks(SingleGuestTask(100, JobStart));

        var result = await RunAsync(Probe());

        Assert.Equal(ProbeState.Ok, result.State);
        Assert.Single(result.Observations);
        Assert.DoesNotContain(_pve.Requests, r => r.StartsWith("GET /api2/json/nodes/pve2/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_server_that_is_down_is_a_probe_error()
    {
        var probe = Probe();
        await _pve.StopAsync();

        var result = await RunAsync(probe);

        Assert.Equal(ProbeState.Error, result.State);
        Assert.StartsWith($"cannot reach Proxmox VE API at {_pve.BaseAddress}", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_self_signed_certificate_is_refused_unless_pinned_and_a_wrong_pin_is_named()
    {
        var unpinned = await RunAsync(Probe(o => o.CertificateThumbprint = null));
        var wrong = await RunAsync(Probe(o => o.CertificateThumbprint = new string('A', 64)));

        Assert.Equal(ProbeState.Error, unpinned.State);
        Assert.Contains("set CertificateThumbprint", unpinned.Message, StringComparison.Ordinal);
        Assert.Contains("does not match CertificateThumbprint", wrong.Message, StringComparison.Ordinal);
    }
}
