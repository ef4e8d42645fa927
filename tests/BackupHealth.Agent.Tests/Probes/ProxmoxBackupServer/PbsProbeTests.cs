using BackupHealth.Agent.Probes;
using BackupHealth.Agent.Probes.ProxmoxBackupServer;
using BackupHealth.Agent.Probes.Shared.State;
using BackupHealth.Agent.Tests.Support;
using BackupHealth.Contracts;
using BackupHealth.Contracts.V1;
using BackupHealth.VendorFakes.Proxmox;
using Microsoft.Extensions.Time.Testing;

namespace BackupHealth.Agent.Tests.Probes.ProxmoxBackupServer;

public sealed class PbsProbeTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 6, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset LastNight = new(2026, 11, 27, 1, 0, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider _time = new(Now);
    private readonly TestLogging _logging = new();
    private readonly ProbeStateStores _stores = ProbeStateStores.InMemory();
    private readonly List<ProxmoxBackupServerProbe> _probes = [];
    private PbsFake _pbs = null!;

    public async Task InitializeAsync()
    {
        _pbs = await PbsFake.StartAsync();
        _pbs.AddDatastores("main", "offsite");
    }

    public async Task DisposeAsync()
    {
        foreach (var probe in _probes)
        {
            probe.Dispose();
        }

        await _pbs.DisposeAsync();
        _logging.Dispose();
    }

    private ProxmoxBackupServerProbe Probe(Action<ProxmoxBackupServerProbeOptions>? configure = null)
    {
        var options = new ProxmoxBackupServerProbeOptions
        {
            Name = "pbs1",
            Type = ProxmoxBackupServerProbe.TypeName,
            Url = _pbs.BaseAddress.ToString(),
            TokenId = _pbs.TokenId,
            Secret = _pbs.Secret,
            CertificateThumbprint = _pbs.CertificateSha256,
        };
        configure?.Invoke(options);
        var probe = new ProxmoxBackupServerProbe(options, _time, _stores.For(options.Name), _logging.For<ProxmoxBackupServerProbe>());
        _probes.Add(probe);
        return probe;
    }

    private static async Task<ProbeResult> RunAsync(ProxmoxBackupServerProbe probe) => await probe.RunAsync(CancellationToken.None);

    [Fact]
    public async Task Requests_are_bodiless_gets_never_a_chunked_body()
    {
        var result = await RunAsync(Probe());

        Assert.Equal(ProbeState.Ok, result.State);
        Assert.NotEmpty(_pbs.Server.Framing);
        Assert.All(_pbs.Server.Framing, r => Assert.True(r.Method == "GET" && r.ContentLength is null or 0 && !r.Chunked, r.ToString()));
    }

    [Fact]
    public async Task The_newest_snapshot_of_each_group_is_its_run_with_the_verification_state_never_missing_as_passed()
    {
        _pbs.AddSnapshots(
            PbsFakeSnapshot.Vm("main", 100, LastNight - TimeSpan.FromDays(1), "ok", "web01"),
            PbsFakeSnapshot.Vm("main", 100, LastNight, "ok", "web01\nnightly"),
            PbsFakeSnapshot.Vm("main", 101, LastNight, "failed", "db01"),
            PbsFakeSnapshot.Vm("main", 102, LastNight, verification: null) with { BackupType = "ct", Protected = true },
            new PbsFakeSnapshot("offsite", "host", "fileserver", LastNight, Size: null, Files: [("root.pxar.didx", 700), ("catalog.pcat1.didx", 50)]));

        var result = await RunAsync(Probe());

        Assert.Equal(ProbeState.Ok, result.State);
        Assert.Equal(4, result.Observations.Count);
        Assert.All(result.Observations, o => Assert.Null(ObservationValidator.Validate(o, Now, TimeSpan.FromMinutes(10))));
        var ok = result.Observations.Single(o => o.JobKey == "pbs1/main/vm/100");
        Assert.Equal((RunStatus.Success, VerificationState.Passed), (ok.Status, ok.Verification.State));
        Assert.Equal(("web01", "main: vm/100", "proxmox.pbs"), (ok.ProtectedObject, ok.JobName, ok.SourceKind));
        Assert.Equal(LastNight, ok.StartTime.ToDateTimeOffset());
        Assert.Equal(LastNight, ok.EndTime.ToDateTimeOffset());
        Assert.Equal(10L * 1024 * 1024 * 1024, ok.SizeBytes);
        Assert.Equal(("100", "vm", "false", "3"), (ok.Attributes["vmid"], ok.Attributes["backup_type"], ok.Attributes["protected"], ok.Attributes["file_count"]));
        Assert.Equal("qemu-server.conf.blob,drive-scsi0.img.fidx,index.json.blob", ok.Attributes["files"]);
        Assert.Equal("2026-11-27T01:00:00Z", ok.Attributes["backup_time"]);
        var broken = result.Observations.Single(o => o.JobKey == "pbs1/main/vm/101");
        // The backup ran; its damaged data is the verification's fact alone (verification_failed, not job_failed too).
        Assert.Equal((RunStatus.Success, VerificationState.Failed), (broken.Status, broken.Verification.State));
        Assert.Contains("damaged or missing", broken.Verification.Detail, StringComparison.Ordinal);
        Assert.Empty(broken.Message);
        var never = result.Observations.Single(o => o.JobKey == "pbs1/main/ct/102");
        Assert.Equal((RunStatus.Success, VerificationState.NotVerified), (never.Status, never.Verification.State));
        Assert.Equal(("CT 102", "true", "102"), (never.ProtectedObject, never.Attributes["protected"], never.Attributes["vmid"]));
        var host = result.Observations.Single(o => o.JobKey == "pbs1/offsite/host/fileserver");
        Assert.Equal(("fileserver", 750L), (host.ProtectedObject, host.SizeBytes));
        Assert.False(host.Attributes.ContainsKey("vmid"));
        Assert.Contains("GET /api2/json/admin/datastore", _pbs.Requests);
    }

    [Fact]
    public async Task Only_new_snapshots_and_changed_verifications_are_reported_on_later_cycles()
    {
        var unverified = PbsFakeSnapshot.Vm("main", 100, LastNight, verification: null, "web01");
        _pbs.AddSnapshots(unverified, PbsFakeSnapshot.Vm("main", 101, LastNight, "ok", "db01"));
        var probe = Probe();

        var first = await RunAsync(probe);
        var second = await RunAsync(probe);
        _pbs.UpdateSnapshot(unverified with { Verification = "ok" });
        _pbs.AddSnapshots(PbsFakeSnapshot.Vm("main", 101, LastNight + TimeSpan.FromHours(3), "ok", "db01"));
        var third = await RunAsync(probe);
        var afterRestart = await RunAsync(Probe());

        Assert.Equal(2, first.Observations.Count);
        Assert.Empty(second.Observations);
        Assert.Equal(2, third.Observations.Count);
        var nowVerified = third.Observations.Single(o => o.Attributes["backup_id"] == "100");
        var before = first.Observations.Single(o => o.Attributes["backup_id"] == "100");
        Assert.Equal(VerificationState.Passed, nowVerified.Verification.State);
        Assert.Equal(before.RunId, nowVerified.RunId);
        Assert.NotEqual(before.Id, nowVerified.Id);
        Assert.Equal(LastNight + TimeSpan.FromHours(3), third.Observations.Single(o => o.Attributes["backup_id"] == "101").StartTime.ToDateTimeOffset());
        Assert.Empty(afterRestart.Observations);
    }

    [Fact]
    public async Task Only_the_configured_datastores_are_read_and_an_unknown_one_is_named()
    {
        _pbs.AddSnapshots(PbsFakeSnapshot.Vm("main", 100, LastNight, "ok"), PbsFakeSnapshot.Vm("offsite", 100, LastNight, "ok"));

        var one = await RunAsync(Probe(o => o.Datastores = ["offsite"]));
        var unknown = await RunAsync(Probe(o => (o.Name, o.Datastores) = ("other", ["nope"])));

        Assert.Equal("pbs1/offsite/vm/100", Assert.Single(one.Observations).JobKey);
        Assert.DoesNotContain("GET /api2/json/admin/datastore", _pbs.Requests);
        Assert.Equal(ProbeState.Error, unknown.State);
        Assert.Contains("datastore 'nope' does not exist or cannot be read (HTTP 400); check Datastores", unknown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refused_token_is_a_probe_error_saying_which_settings_to_check()
    {
        var result = await RunAsync(Probe(o => o.TokenId = "backuphealth@pbs!other"));

        Assert.Equal(ProbeState.Error, result.State);
        Assert.Contains("API token backuphealth@pbs!other was refused (HTTP 401", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_server_that_is_down_is_a_probe_error_and_nothing_is_remembered()
    {
        _pbs.AddSnapshots(PbsFakeSnapshot.Vm("main", 100, LastNight, "ok"));
        var port = _pbs.Server.Port;
        await _pbs.StopAsync();
        var probe = Probe();

        var down = await RunAsync(probe);
        await _pbs.DisposeAsync();
        _pbs = await PbsFake.StartAsync(port: port);
        _pbs.AddDatastores("main").AddSnapshots(PbsFakeSnapshot.Vm("main", 100, LastNight, "ok"));
        var back = await RunAsync(Probe(o => (o.CertificateThumbprint, o.Url) = (_pbs.CertificateSha256, _pbs.BaseAddress.ToString())));

        Assert.Equal(ProbeState.Error, down.State);
        Assert.StartsWith("cannot reach Proxmox Backup Server at", down.Message, StringComparison.Ordinal);
        Assert.Single(back.Observations);
    }

    [Fact]
    public async Task A_certificate_other_than_the_pinned_one_is_refused()
    {
        var result = await RunAsync(Probe(o => o.CertificateThumbprint = new string('B', 40)));

        Assert.Equal(ProbeState.Error, result.State);
        Assert.Contains("does not match CertificateThumbprint", result.Message, StringComparison.Ordinal);
    }
}
