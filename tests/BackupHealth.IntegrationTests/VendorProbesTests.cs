using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using BackupHealth.Testing;
using BackupHealth.VendorFakes.Proxmox;
using BackupHealth.VendorFakes.Unitrends;
using BackupHealth.VendorFakes.Veeam;
using BackupHealth.VendorFakes.XenServer;
using BackupHealth.VendorFakes.Xva;
using Microsoft.Data.Sqlite;

namespace BackupHealth.IntegrationTests;

/// <summary>End to end for the vendor probes: the real agent process reads a Veeam B&amp;R server, a Unitrends appliance
/// and a XenServer pool (each a real HTTPS server on 127.0.0.1 in the vendor's documented shapes, with a self-signed
/// certificate the agent pins), and the collector shows every job with the right status, the disabled job alerted,
/// a session seen running and then failed as one failed run, and the pool's VMs as inventory; and it verifies a
/// folder of XVA exports written by the test, one sound and one with a flipped byte.</summary>
public sealed class VendorProbesTests : IDisposable
{
    private static readonly TimeSpan Berlin = TimeSpan.FromHours(2);
    private static readonly TimeSpan NewYork = TimeSpan.FromHours(-5);
    private readonly TempDirectory _temp = new("bh-e2e-vendors");
    private readonly ErrorLogCollector _collectorErrors = new();
    private readonly DateTimeOffset _now = DateTimeOffset.UtcNow;

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Each_vendor_probe_reports_its_jobs_with_the_right_status_at_the_collector()
    {
        await using var veeam = await VeeamServer.StartAsync();
        var sql = new VeeamFakeJob { Name = "SQL01 nightly", Status = "Inactive" };
        var files = new VeeamFakeJob { Name = "File server", Status = "Inactive" };
        var exchange = new VeeamFakeJob { Name = "Exchange", Status = "Disabled" };
        veeam.AddJobs(sql, files, exchange);
        var running = VeeamFakeSession.Running("SQL01 nightly", sql.Id, (_now - TimeSpan.FromMinutes(40)).ToOffset(Berlin), progressPercent: 60);
        veeam.AddSessions(
            VeeamFakeSession.Finished("SQL01 nightly", sql.Id, (_now - TimeSpan.FromDays(1)).ToOffset(Berlin), TimeSpan.FromMinutes(20)),
            running,
            VeeamFakeSession.Finished("File server", files.Id, (_now - TimeSpan.FromHours(5)).ToOffset(NewYork), TimeSpan.FromMinutes(45), "Warning", "Low free space on repository"),
            VeeamFakeSession.Finished("Exchange", exchange.Id, (_now - TimeSpan.FromDays(3)).ToOffset(Berlin), TimeSpan.FromMinutes(30)));

        await using var unitrends = await UnitrendsFake.StartAsync();
        unitrends.AddJobOrders(
            new UnitrendsFakeJobOrder { Id = 11, Name = "ERP daily", Type = "Backup", Status = "Active", LastStatus = "Success" },
            new UnitrendsFakeJobOrder { Id = 12, Name = "Web VMs", Type = "Backup", Status = "Active", LastStatus = "Failed" });
        unitrends.AddHistory(
            UnitrendsFakeRun.Finished("ERP daily", "Success", _now - TimeSpan.FromHours(6), 501, client: "erp01"),
            UnitrendsFakeRun.Finished("Web VMs", "Failed", _now - TimeSpan.FromHours(4), 502, client: "web01", message: "Snapshot creation failed"));

        await using var xen = await XenServerFake.StartAsync();
        var web = XenFakeVm.Guest("web01");
        var db = XenFakeVm.Guest("db01");
        var halted = XenFakeVm.Guest("old-erp", "Halted");
        xen.AddVms(web, db, halted, XenFakeVm.SnapshotOfVm(web, _now - TimeSpan.FromDays(1)));
        xen.AddTasks(
            XenFakeTask.Export(web, "success", _now - TimeSpan.FromHours(3), _now - TimeSpan.FromHours(2)),
            XenFakeTask.Export(db, "failure", _now - TimeSpan.FromHours(2), _now - TimeSpan.FromHours(2) + TimeSpan.FromMinutes(7), 0.3, "VDI_IO_ERROR", "OpaqueRef:1"));

        WriteExport(web, XvaArchiveCompression.Zstd, new XvaFaults(), TimeSpan.FromHours(3));
        WriteExport(db, XvaArchiveCompression.None, new XvaFaults { FlipByteIn = ("Ref:3", 1) }, TimeSpan.FromHours(2));

        await using var collector = await CollectorServer.StartAsync(_temp.Combine("collector"), _collectorErrors,
            new Dictionary<string, string?>
            {
                ["Collector:Alerts:EvaluationInterval"] = "01:00:00",
                // The pool's VMs are new to the collector; coverage should judge them at once, not after an hour.
                ["Collector:Alerts:Rules:VmNotProtected:NewVmGrace"] = "00:00:00",
            });
        var api = await collector.ApiClientAsync();
        await using var agent = AgentProcess.Start(_temp.Combine("agent.json"), AgentConfig(collector.Grpc, veeam, unitrends, xen));

        // Listed jobs are jobs before their runs arrive: wait for every job's run.
        var jobs = await Poll.UntilAsync(() => JobsAsync(api), j => j.Count >= 9 && j.All(x => x.LatestStatus is not null), "nine jobs with their runs at the collector", diagnostics: () => agent.Output);
        Assert.Equal("running", Status(jobs, "SQL01 nightly"));
        Assert.Equal("success", Status(jobs, "Exchange"));
        Assert.Equal("warning", Status(jobs, "File server"));
        Assert.Equal("success", Status(jobs, "ERP daily"));
        Assert.Equal("failed", Status(jobs, "Web VMs"));
        Assert.Equal("success", Status(jobs, "Export of VM web01"));
        Assert.Equal("failed", Status(jobs, "Export of VM db01"));
        Assert.Equal("success", Status(jobs, "web01 exports"));
        // The corrupt export ran: its run succeeded and its verification failed, so the job is "corrupt", not "failed".
        Assert.Equal("success", Status(jobs, "db01 exports"));
        Assert.Equal("corrupt", jobs.Single(j => j.Name == "db01 exports").Health);
        var corrupt = Assert.Single(await RunsAsync(api, jobs.Single(j => j.Name == "db01 exports").Id));
        Assert.Equal("failed", corrupt.Verification.State);
        Assert.Contains("chunk 00000001", corrupt.Verification.Detail, StringComparison.Ordinal);
        Assert.Empty(corrupt.Message);
        Assert.Equal("passed", Assert.Single(await RunsAsync(api, jobs.Single(j => j.Name == "web01 exports").Id)).Verification.State);
        Assert.All(jobs, j => Assert.Equal((CollectorServer.Customer, CollectorServer.Site), (j.Customer, j.Site)));

        // The running session ends in failure: one run for it at the collector, failed, not a ghost "running" beside it.
        veeam.UpdateSession(running.Id, s => s.Finish(_now.ToOffset(Berlin), "Failed", "Cannot create snapshot"));
        var sqlJob = jobs.Single(j => j.Name == "SQL01 nightly");
        var runs = await Poll.UntilAsync(() => RunsAsync(api, sqlJob.Id), r => r.Any(x => x.Status == "failed"), "the session's failure", diagnostics: () => agent.Output);
        Assert.Equal(["failed", "success"], runs.Select(r => r.Status));
        Assert.Equal("Cannot create snapshot", runs[0].Message);

        // The disabled Veeam job is alerted from the job list; the pool's guests arrive as inventory.
        await Evaluation.RunAsync(api);

        var alerts = await api.GetFromJsonAsync<List<AlertView>>(new Uri("/api/v1/alerts", UriKind.Relative), JsonOptions);
        Assert.Contains(alerts!, a => a.Rule == "job_disabled" && a.Title.Contains("Exchange", StringComparison.Ordinal));
        Assert.Contains(alerts!, a => a.Rule == "job_failed" && a.Title == "Export of VM db01 failed");
        // One fact, one alert: the corrupt export raises verification_failed alone.
        Assert.Equal(["verification_failed"], alerts!.Where(a => a.Title.StartsWith("db01 exports", StringComparison.Ordinal)).Select(a => a.Rule));
        Assert.Equal(["db01|Running", "old-erp|Halted", "web01|Running"], Inventory(collector.DataPath));

        // Coverage: web01 is protected (its export task and its verified export name it by uuid); db01 has only
        // failures, so it is not protected and alerted; the halted VM is not judged.
        var coverage = (await api.GetFromJsonAsync<List<CoverageView>>(new Uri("/api/v1/coverage", UriKind.Relative), JsonOptions))!
            .ToDictionary(c => c.Name);
        Assert.Equal(("protected", "unprotected", "not-running"), (coverage["web01"].Covered, coverage["db01"].Covered, coverage["old-erp"].Covered));
        Assert.Equal(["uuid"], coverage["web01"].ProtectedBy.Where(j => j.Current).Select(j => j.MatchedBy).Distinct());
        Assert.Equal(["Export of VM web01", "web01 exports"], coverage["web01"].ProtectedBy.Where(j => j.Current).Select(j => j.JobName).Order(StringComparer.Ordinal));
        // The Unitrends job that backs up client web01 names it too (by name), but its only run failed.
        Assert.Contains(coverage["web01"].ProtectedBy, j => j is { JobName: "Web VMs", MatchedBy: "name", Current: false });
        Assert.Contains(alerts!, a => a.Rule == "vm_not_protected" && a.Title.Contains("db01", StringComparison.Ordinal));
        Assert.DoesNotContain(alerts!, a => a.Rule == "vm_not_protected" && !a.Title.Contains("db01", StringComparison.Ordinal));
        _collectorErrors.AssertNone();
    }

    [Fact]
    public async Task A_proxmox_site_shows_verification_states_and_which_guests_are_covered()
    {
        await using var pve = await PveFake.StartAsync();
        pve.AddNode("pve1");
        pve.AddGuests(
            new PveFakeGuest(100, "web"), new PveFakeGuest(101, "db"), new PveFakeGuest(102, "dns", Type: "lxc"),
            new PveFakeGuest(103, "old-app", Status: "stopped"), new PveFakeGuest(9000, "debian-template", Template: true));
        await using var pbs = await PbsFake.StartAsync();
        pbs.AddDatastores("store1");
        pbs.AddSnapshots(
            PbsFakeSnapshot.Vm("store1", 100, _now - TimeSpan.FromHours(5), "ok"),
            PbsFakeSnapshot.Vm("store1", 101, _now - TimeSpan.FromHours(4), "failed"),
            new PbsFakeSnapshot("store1", "ct", "102", _now - TimeSpan.FromHours(3), 512L * 1024 * 1024));
        await using var collector = await CollectorServer.StartAsync(_temp.Combine("collector"), _collectorErrors,
            new Dictionary<string, string?>
            {
                ["Collector:Alerts:EvaluationInterval"] = "01:00:00",
                ["Collector:Alerts:Rules:VmNotProtected:NewVmGrace"] = "00:00:00",
            });
        var api = await collector.ApiClientAsync();
        var config = new
        {
            Agent = AgentSection(collector.Grpc, "e2e-pve1"),
            Probes = new object[]
            {
                new
                {
                    Type = "proxmox", Name = "pve", Url = pve.BaseAddress.ToString(), pve.TokenId, pve.Secret,
                    CertificateThumbprint = pve.CertificateSha256, Interval = "00:00:01", Jitter = "00:00:00",
                },
                new
                {
                    Type = "pbs", Name = "pbs", Url = pbs.BaseAddress.ToString(), pbs.TokenId, pbs.Secret,
                    CertificateThumbprint = pbs.CertificateSha256, Interval = "00:00:01", Jitter = "00:00:00",
                },
            },
        };
        await using var agent = AgentProcess.Start(_temp.Combine("agent.json"), config);

        var jobs = await Poll.UntilAsync(() => JobsAsync(api), j => j.Count >= 3, "three PBS backup groups at the collector", diagnostics: () => agent.Output);
        var runs = new Dictionary<string, RunView>();
        foreach (var job in jobs)
        {
            runs[job.JobKey] = Assert.Single(await RunsAsync(api, job.Id));
        }

        Assert.Equal(("success", "passed"), (runs["pbs/store1/vm/100"].Status, runs["pbs/store1/vm/100"].Verification.State));
        Assert.Equal(("success", "failed"), (runs["pbs/store1/vm/101"].Status, runs["pbs/store1/vm/101"].Verification.State));
        // Never verified is said as such, never as passed.
        Assert.Equal(("success", "not_verified"), (runs["pbs/store1/ct/102"].Status, runs["pbs/store1/ct/102"].Verification.State));

        // The guests must be at the collector before it judges coverage: the inventory comes on its own message,
        // and an evaluation that ran before it raised no vm_not_protected (seen once in CI).
        var coverage = (await Poll.UntilAsync(
            async () => await api.GetFromJsonAsync<List<CoverageView>>(new Uri("/api/v1/coverage", UriKind.Relative), JsonOptions) ?? [],
            c => c.Count >= 4, "the guests as inventory", diagnostics: () => agent.Output)).ToDictionary(c => c.Name);
        await Evaluation.RunAsync(api);
        Assert.False(coverage.ContainsKey("debian-template"));
        Assert.Equal(
            ("protected", "unprotected", "protected", "not-running"),
            (coverage["web"].Covered, coverage["db"].Covered, coverage["dns"].Covered, coverage["old-app"].Covered));
        Assert.Equal("vmid", Assert.Single(coverage["web"].ProtectedBy).MatchedBy);
        var alerts = await api.GetFromJsonAsync<List<AlertView>>(new Uri("/api/v1/alerts", UriKind.Relative), JsonOptions);
        Assert.Contains(alerts!, a => a.Rule == "verification_failed");
        Assert.DoesNotContain(alerts!, a => a.Rule == "job_failed");
        var unprotected = Assert.Single(alerts!, a => a.Rule == "vm_not_protected");
        Assert.Contains("db", unprotected.Title, StringComparison.Ordinal);
        Assert.Equal("firing", unprotected.State);

        // db's next backup verifies: it is protected again and the alert resolves.
        pbs.AddSnapshots(PbsFakeSnapshot.Vm("store1", 101, _now - TimeSpan.FromMinutes(30), "ok"));
        var dbJob = jobs.Single(j => j.JobKey == "pbs/store1/vm/101");
        await Poll.UntilAsync(() => RunsAsync(api, dbJob.Id), r => r.Count == 2, "db's new snapshot at the collector", diagnostics: () => agent.Output);
        await Evaluation.RunAsync(api);

        alerts = await api.GetFromJsonAsync<List<AlertView>>(new Uri("/api/v1/alerts", UriKind.Relative), JsonOptions);
        Assert.Equal("resolved", Assert.Single(alerts!, a => a.Rule == "vm_not_protected").State);
        var after = (await api.GetFromJsonAsync<List<CoverageView>>(new Uri("/api/v1/coverage", UriKind.Relative), JsonOptions))!.ToDictionary(c => c.Name);
        Assert.Equal("protected", after["db"].Covered);
        _collectorErrors.AssertNone();
    }

    private Dictionary<string, string> AgentSection(Uri collector, string id) => AgentProcess.Section(_temp.Combine("agent"), collector, id);

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    private sealed record JobView(long Id, string Customer, string Site, string JobKey, string Name, string SourceKind, string? LatestStatus, string Health);

    private sealed record RunView(string ObservationId, string Status, string Message, VerificationView Verification);

    private sealed record VerificationView(string State, string Detail);

    private sealed record AlertView(string Rule, string Title, string State);

    private sealed record CoverageView(string Name, string Covered, List<CoverageJobView> ProtectedBy);

    private sealed record CoverageJobView(string JobName, string MatchedBy, bool Current);

    private static string? Status(IReadOnlyList<JobView> jobs, string name) => jobs.Single(j => j.Name == name).LatestStatus;

    private static async Task<IReadOnlyList<JobView>> JobsAsync(HttpClient api) =>
        await api.GetFromJsonAsync<List<JobView>>(new Uri("/api/v1/jobs", UriKind.Relative), JsonOptions) ?? [];

    private static async Task<IReadOnlyList<RunView>> RunsAsync(HttpClient api, long jobId) =>
        await api.GetFromJsonAsync<List<RunView>>(new Uri($"/api/v1/jobs/{jobId}/runs", UriKind.Relative), JsonOptions) ?? [];

    private static List<string> Inventory(string dataPath)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(dataPath, "backuphealth.db")};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT name || '|' || power_state FROM inventory_items WHERE hypervisor = 'xenserver' ORDER BY name";
        using var reader = command.ExecuteReader();
        var items = new List<string>();
        while (reader.Read())
        {
            items.Add(reader.GetString(0));
        }

        return items;
    }

    private string Exports => _temp.Combine("exports");

    private void WriteExport(XenFakeVm xenVm, XvaArchiveCompression compression, XvaFaults faults, TimeSpan age)
    {
        var vm = xenVm.NameLabel;
        var path = Path.Combine(Exports, vm, $"{vm}-nightly.xva");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        new XvaWriter
        {
            VmName = vm,
            VmUuid = xenVm.Uuid,
            Compression = compression,
            Disks = [XvaTestDisk.Random("Ref:3", 3L * 1024 * 1024, seed: vm.Length, zeroChunks: vm == "web01" ? [1L] : null)],
            Faults = faults,
        }.Write(path);
        File.SetLastWriteTimeUtc(path, (_now - age).UtcDateTime);
    }

    private object AgentConfig(Uri collector, VeeamServer veeam, UnitrendsFake unitrends, XenServerFake xen) => new
    {
        Agent = AgentSection(collector, "e2e-vendors-01"),
        Probes = new object[]
        {
            new
            {
                Type = "veeam", Name = "vbr", Url = veeam.BaseAddress.ToString(), veeam.Username, veeam.Password,
                CertificateThumbprint = veeam.CertificateSha256, Interval = "00:00:01", Jitter = "00:00:00",
            },
            new
            {
                Type = "unitrends", Name = "ueb", Url = unitrends.BaseAddress.ToString(), unitrends.Username, unitrends.Password,
                CertificateThumbprint = unitrends.CertificateSha256, Interval = "00:00:01", Jitter = "00:00:00",
            },
            new
            {
                Type = "xenserver", Name = "pool", Url = xen.BaseAddress.ToString(), xen.Username, xen.Password,
                CertificateThumbprint = xen.CertificateSha256, Interval = "00:00:01", Jitter = "00:00:00",
            },
            new { Type = "xva", Name = "exports-web", JobName = "web01 exports", Path = Exports, Pattern = "web01/*.xva", Interval = "00:00:01", Jitter = "00:00:00" },
            new { Type = "xva", Name = "exports-db", JobName = "db01 exports", Path = Exports, Pattern = "db01/*.xva", Interval = "00:00:01", Jitter = "00:00:00" },
        },
    };
}
