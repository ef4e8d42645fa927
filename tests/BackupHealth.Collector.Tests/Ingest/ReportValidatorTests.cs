using BackupHealth.Collector.Ingest;
using BackupHealth.Contracts.V1;
using Google.Protobuf.WellKnownTypes;

namespace BackupHealth.Collector.Tests.Ingest;

/// <summary>The reasons an agent gets back for a Hello or a report it must not resend as is: each names the field
/// (and the index of the probe, item or job) so that the operator can find it in the agent's configuration or source.
/// The limits are those of the contract (<c>ObservationLimits</c>); one more than a limit is refused, the limit is not.</summary>
public sealed class ReportValidatorTests
{
    private static readonly Timestamp Unrepresentable = new() { Seconds = long.MaxValue };

    private static string Text(int length) => new('x', length);

    private static string? HelloReason(Action<Hello> change)
    {
        var hello = new Hello
        {
            AgentId = "hv01", AgentVersion = "1.2.3", HostName = "hv01.contoso.local", OsDescription = "Linux",
            Probes = { new ConfiguredProbe { Name = "nightly-files", Type = "files" }, new ConfiguredProbe { Name = "vbr", Type = "veeam.vbr" } },
        };
        change(hello);
        return HelloValidator.Validate(hello);
    }

    public static TheoryData<string, Func<string?>, string?> Hellos => new()
    {
        { "valid", () => HelloReason(_ => { }), null },
        { "version at the limit", () => HelloReason(h => h.AgentVersion = Text(512)), null },
        { "version too long", () => HelloReason(h => h.AgentVersion = Text(513)), "hello: agent_version is 513 characters long; the limit is 512" },
        { "host name with a control character", () => HelloReason(h => h.HostName = "hv01\u0000"), "hello: host_name contains control characters" },
        { "os too long", () => HelloReason(h => h.OsDescription = Text(513)), "hello: os_description is 513 characters long; the limit is 512" },
        { "no probes", () => HelloReason(h => h.Probes.Clear()), null },
        { "256 probes", () => HelloReason(h => h.Probes.Add(Enumerable.Range(2, 254).Select(i => new ConfiguredProbe { Name = $"p{i}" }))), null },
        { "257 probes", () => HelloReason(h => h.Probes.Add(Enumerable.Range(2, 255).Select(i => new ConfiguredProbe { Name = $"p{i}" }))), "hello: 257 probes; the limit is 256" },
        { "second probe without a name", () => HelloReason(h => h.Probes[1].Name = " "), "hello: probes[1].name is empty" },
        { "second probe's type too long", () => HelloReason(h => h.Probes[1].Type = Text(513)), "hello: probes[1].type is 513 characters long; the limit is 512" },
    };

    private static string? HealthReason(Action<ProbeHealth> changeSecond)
    {
        var second = new ProbeHealth { ProbeName = "vbr", ProbeType = "veeam.vbr", Message = "ok", Details = { ["api_version"] = "1.2" } };
        changeSecond(second);
        return ReportValidator.Validate(new ProbeHealthReport { Probes = { new ProbeHealth { ProbeName = "nightly-files", ProbeType = "files" }, second } });
    }

    public static TheoryData<string, Func<string?>, string?> ProbeHealths => new()
    {
        { "valid", () => HealthReason(_ => { }), null },
        { "no name", () => HealthReason(p => p.ProbeName = ""), "probe_health: probes[1]: probe_name is empty" },
        { "type with a control character", () => HealthReason(p => p.ProbeType = "veeam\u0085"), "probe_health: probes[1]: probe_type contains control characters" },
        { "message at the limit", () => HealthReason(p => p.Message = Text(8 * 1024)), null },
        { "message too long", () => HealthReason(p => p.Message = Text((8 * 1024) + 1)), "probe_health: probes[1]: message is too long" },
        { "64 details", () => HealthReason(p => p.Details.Add(Enumerable.Range(1, 63).ToDictionary(i => $"k{i}", _ => "v"))), null },
        { "65 details", () => HealthReason(p => p.Details.Add(Enumerable.Range(1, 64).ToDictionary(i => $"k{i}", _ => "v"))), "probe_health: probes[1]: 65 details; the limit is 64" },
        { "a detail without a key", () => HealthReason(p => p.Details[" "] = "v"), "probe_health: probes[1]: details key is empty" },
        { "a detail key too long", () => HealthReason(p => p.Details[Text(129)] = "v"), "probe_health: probes[1]: details key is 129 characters long; the limit is 128" },
        { "an empty detail value", () => HealthReason(p => p.Details["path"] = ""), null },
        { "a detail value too long", () => HealthReason(p => p.Details["path"] = Text(2049)), "probe_health: probes[1]: details[path] is 2049 characters long; the limit is 2048" },
    };

    [Fact]
    public void A_probe_health_report_of_more_probes_than_a_hello_may_have_is_refused()
    {
        var report = new ProbeHealthReport { Probes = { Enumerable.Range(0, 257).Select(i => new ProbeHealth { ProbeName = $"p{i}" }) } };

        Assert.Equal("probe_health: 257 probes; the limit is 256", ReportValidator.Validate(report));
        report.Probes.RemoveAt(0);
        Assert.Null(ReportValidator.Validate(report));
    }

    private static string? HeartbeatReason(Action<Heartbeat> change)
    {
        var heartbeat = new Heartbeat
        {
            OutboxDepth = 0,
            AgentTime = Timestamp.FromDateTimeOffset(TestTime),
            Probes =
            {
                new ProbeRunStatus { ProbeName = "nightly-files", LastRun = Timestamp.FromDateTimeOffset(TestTime) },
                new ProbeRunStatus { ProbeName = "vbr", LastRun = Timestamp.FromDateTimeOffset(TestTime), LastSuccess = Timestamp.FromDateTimeOffset(TestTime) },
            },
        };
        change(heartbeat);
        return ReportValidator.Validate(heartbeat);
    }

    private static readonly DateTimeOffset TestTime = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    public static TheoryData<string, Func<string?>, string?> Heartbeats => new()
    {
        { "valid", () => HeartbeatReason(_ => { }), null },
        { "without agent time or probes", () => HeartbeatReason(h => { h.AgentTime = null; h.Probes.Clear(); }), null },
        { "negative outbox depth", () => HeartbeatReason(h => h.OutboxDepth = -1), "heartbeat: outbox_depth is negative" },
        { "agent time out of range", () => HeartbeatReason(h => h.AgentTime = Unrepresentable), "heartbeat: agent_time is not a valid timestamp" },
        { "257 probes", () => HeartbeatReason(h => h.Probes.Add(Enumerable.Range(2, 255).Select(i => new ProbeRunStatus { ProbeName = $"p{i}" }))), "heartbeat: 257 probes; the limit is 256" },
        { "second probe without a name", () => HeartbeatReason(h => h.Probes[1].ProbeName = ""), "heartbeat: probes[1].probe_name is empty" },
        { "second probe's last run out of range", () => HeartbeatReason(h => h.Probes[1].LastRun = Unrepresentable), "heartbeat: probes[1].last_run is not a valid timestamp" },
        { "second probe's last success out of range", () => HeartbeatReason(h => h.Probes[1].LastSuccess = Unrepresentable), "heartbeat: probes[1].last_success is not a valid timestamp" },
        { "negative failures", () => HeartbeatReason(h => h.Probes[1].ConsecutiveFailures = -1), "heartbeat: probes[1].consecutive_failures is negative" },
    };

    private static string? InventoryReason(Action<InventoryReport> change)
    {
        var report = new InventoryReport
        {
            ProbeName = "xen-pool", Hypervisor = "xcp-ng",
            Items =
            {
                new InventoryItem { Id = "vm-a", Name = "VM A", PowerState = "running" },
                new InventoryItem { Id = "vm-b", Name = "VM B", PowerState = "halted", Attributes = { ["pool"] = "main" } },
            },
        };
        change(report);
        return ReportValidator.Validate(report);
    }

    public static TheoryData<string, Func<string?>, string?> Inventories => new()
    {
        { "valid", () => InventoryReason(_ => { }), null },
        { "no probe name", () => InventoryReason(r => r.ProbeName = ""), "inventory: probe_name is empty" },
        { "hypervisor with a control character", () => InventoryReason(r => r.Hypervisor = "xcp\tng"), "inventory: hypervisor contains control characters" },
        { "10000 items", () => InventoryReason(r => r.Items.Add(Enumerable.Range(2, 9_998).Select(i => new InventoryItem { Id = $"vm-{i}" }))), null },
        { "10001 items", () => InventoryReason(r => r.Items.Add(Enumerable.Range(2, 9_999).Select(i => new InventoryItem { Id = $"vm-{i}" }))), "inventory: 10001 items; the limit is 10000" },
        { "second item without an id", () => InventoryReason(r => r.Items[1].Id = ""), "inventory: items[1].id is empty" },
        { "second item's id too long", () => InventoryReason(r => r.Items[1].Id = Text(129)), "inventory: items[1].id is 129 characters long; the limit is 128" },
        { "second item's name too long", () => InventoryReason(r => r.Items[1].Name = Text(513)), "inventory: items[1].name is 513 characters long; the limit is 512" },
        { "second item's power state with a control character", () => InventoryReason(r => r.Items[1].PowerState = "on\n"), "inventory: items[1].power_state contains control characters" },
        { "second item with 64 attributes", () => InventoryReason(r => r.Items[1].Attributes.Add(Enumerable.Range(1, 63).ToDictionary(i => $"k{i}", _ => "v"))), null },
        { "second item with 65 attributes", () => InventoryReason(r => r.Items[1].Attributes.Add(Enumerable.Range(1, 64).ToDictionary(i => $"k{i}", _ => "v"))), "inventory: items[1]: too many attributes" },
    };

    [Fact]
    public void A_job_list_is_refused_with_the_job_and_field_that_is_wrong()
    {
        var report = new JobListReport { ProbeName = "vbr", Jobs = { new JobListing { JobKey = "sql01" }, new JobListing { JobKey = "fs01", JobName = Text(513) } } };
        Assert.Equal("jobs: jobs[1].job_name is 513 characters long; the limit is 512", ReportValidator.Validate(report));

        report.Jobs[1].JobName = "FS01";
        Assert.Null(ReportValidator.Validate(report));

        report.ProbeName = "";
        Assert.Equal("jobs: probe_name is empty", ReportValidator.Validate(report));
    }

    [Fact]
    public void A_job_list_of_more_jobs_than_the_contract_allows_is_refused()
    {
        var report = new JobListReport { ProbeName = "vbr", Jobs = { Enumerable.Range(0, 10_001).Select(i => new JobListing { JobKey = $"job-{i}" }) } };

        Assert.Equal("jobs: 10001 jobs; the limit is 10000", ReportValidator.Validate(report));
        report.Jobs.RemoveAt(0);
        Assert.Null(ReportValidator.Validate(report));
    }

    [Theory]
    [MemberData(nameof(Hellos))]
    [MemberData(nameof(ProbeHealths))]
    [MemberData(nameof(Heartbeats))]
    [MemberData(nameof(Inventories))]
    public void A_message_is_refused_with_the_field_that_is_wrong(string what, Func<string?> validate, string? reason)
    {
        _ = what;
        Assert.Equal(reason, validate());
    }
}
