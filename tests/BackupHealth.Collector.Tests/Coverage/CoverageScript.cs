using BackupHealth.Collector.Expectations;
using BackupHealth.Collector.Model;
using BackupHealth.Collector.Tests.Rules;
using BackupHealth.Contracts.V1;

namespace BackupHealth.Collector.Tests.Coverage;

/// <summary>Scripts a site's inventory, jobs and what people said about them, then takes the snapshot at some moment.
/// Agent 7 of site 3 (Contoso Ltd / Head office) reports the inventory unless told otherwise.</summary>
internal sealed class CoverageScript
{
    public const long Site = 3;
    public const long OtherSite = 4;
    public const long Agent = 7;
    public const string WebUuid = "3f2a9c1e-5b7d-4e8a-9c0f-1a2b3c4d5e6f";

    /// <summary>When the inventory was first seen: long before the moments the tests judge.</summary>
    public static readonly DateTimeOffset LongAgo = JobHistory.Monday.AddDays(-30);

    private readonly List<InventoryVm> _vms = [];
    private readonly List<ScriptedJob> _jobs = [];
    private readonly List<CoverageMapping> _mappings = [];
    private readonly List<CoverageExclusion> _exclusions = [];

    public static InventoryVm Vm(string itemId, string name, string powerState = "Running", string? vmUuid = null, string? vmid = null,
        long agentId = Agent, long siteId = Site, DateTimeOffset? firstSeen = null) => new(
        siteId, "Contoso Ltd", siteId == Site ? "Head office" : "Branch", agentId, agentId == Agent ? "xen01" : $"agent-{agentId}", "xen-pool",
        "xcp-ng", itemId, name, powerState, vmUuid, vmid, firstSeen ?? LongAgo, LongAgo);

    public CoverageScript Add(InventoryVm vm)
    {
        _vms.Add(vm);
        return this;
    }

    public ScriptedJob Job(long jobId, string name, long agentId = Agent, long siteId = Site)
    {
        var job = new ScriptedJob(jobId, name, agentId, siteId);
        _jobs.Add(job);
        return job;
    }

    public CoverageScript Map(string itemId, long jobId, long siteId = Site)
    {
        _mappings.Add(new CoverageMapping(siteId, itemId, jobId, "alice", LongAgo));
        return this;
    }

    public CoverageScript Exclude(string itemId, string reason = "test VM, rebuilt from a template", long siteId = Site)
    {
        _exclusions.Add(new CoverageExclusion(siteId, itemId, reason, "alice", JobHistory.Monday));
        return this;
    }

    public CoverageScript Replace(string itemId, Func<InventoryVm, InventoryVm> change)
    {
        var i = _vms.FindIndex(v => v.ItemId == itemId);
        _vms[i] = change(_vms[i]);
        return this;
    }

    public IReadOnlyList<JobSnapshot> Jobs => _jobs.Select(j => j.Build()).ToList();

    public EvaluationSnapshot At(DateTimeOffset now) =>
        new(now, [], Jobs, new CoverageSnapshot([.. _vms], [.. _mappings], [.. _exclusions]));
}

/// <summary>One job of a <see cref="CoverageScript"/>; runs are added newest or oldest first, in any order.</summary>
internal sealed class ScriptedJob(long jobId, string name, long agentId, long siteId)
{
    private readonly List<RunRecord> _runs = [];

    public ExpectationSetting? Setting { get; set; }

    /// <summary>A run ending at <paramref name="end"/> about <paramref name="target"/>.</summary>
    public ScriptedJob Run(DateTimeOffset end, RunTarget target, RunStatus status = RunStatus.Success)
    {
        _runs.Add(new RunRecord($"obs-{jobId}-{_runs.Count}", status, end.AddMinutes(-30), status == RunStatus.Running ? null : end, end,
            1_000_000, VerificationState.NotVerified, "", "", false, target));
        return this;
    }

    /// <summary>A successful run about <paramref name="target"/> every day for <paramref name="days"/> days up to
    /// <paramref name="lastEnd"/>: enough history for a learned daily expectation (1 d, grace 6 h).</summary>
    public ScriptedJob Daily(DateTimeOffset lastEnd, RunTarget target, int days = 10)
    {
        for (var i = days - 1; i >= 0; i--)
        {
            Run(lastEnd.AddDays(-i), target);
        }

        return this;
    }

    public JobSnapshot Build() => new(
        jobId, agentId, agentId == CoverageScript.Agent ? "xen01" : $"agent-{agentId}", siteId, "Contoso Ltd", "Head office",
        $"job-{jobId}", name, "xenserver.export", "xen-pool", CoverageScript.LongAgo, [.. _runs.OrderByDescending(r => r.RunTime)],
        null, false, Setting);
}
