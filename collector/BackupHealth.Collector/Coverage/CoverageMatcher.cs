using BackupHealth.Collector.Expectations;
using BackupHealth.Collector.Model;

namespace BackupHealth.Collector.Coverage;

/// <summary>Which jobs protect a VM — the matching rule of docs/coverage.md, and nothing else. A job protects a VM of
/// its own site when one of its recent runs names the VM, by the strongest identifier both sides have:
/// <list type="number">
/// <item><b>uuid</b>: the run's <c>vm_uuid</c> equals the VM's <c>vm_uuid</c> attribute or its item id;</item>
/// <item><b>vmid</b>: the run's <c>vmid</c> equals the VM's <c>vmid</c> attribute, and the run comes from the agent
/// that reported the VM (vmids are only unique within one cluster);</item>
/// <item><b>name</b>: the run's protected object equals the VM's name.</item>
/// </list>
/// An identifier both sides have decides: a run whose uuid differs from the VM's is about another VM even when the
/// names agree (a clone, a namesake in another pool), and the name is not consulted. Comparisons ignore case; uuids
/// are compared as GUIDs when both parse (braces, case). A job a person mapped to the VM protects it too; when it also
/// matches on its own, the automatic match (which counts only its runs of this VM) is kept.</summary>
internal static class CoverageMatcher
{
    /// <summary>How <paramref name="run"/> (of an agent <paramref name="runAgentId"/> of the VM's site) is tied to the
    /// VM, or null when it is about something else.</summary>
    public static MatchKind? Match(InventoryVm vm, long runAgentId, RunTarget run)
    {
        ArgumentNullException.ThrowIfNull(vm);
        ArgumentNullException.ThrowIfNull(run);
        if (Present(run.VmUuid) is { } runUuid)
        {
            if (string.Equals(runUuid, vm.ItemId, StringComparison.OrdinalIgnoreCase))
            {
                return MatchKind.Uuid;
            }

            if (VmUuids(vm) is { Count: > 0 } uuids)
            {
                return uuids.Any(u => SameUuid(u, runUuid)) ? MatchKind.Uuid : null;
            }
        }

        if (Present(run.Vmid) is { } runVmid && Present(vm.Vmid) is { } vmid && runAgentId == vm.AgentId)
        {
            return string.Equals(runVmid, vmid, StringComparison.OrdinalIgnoreCase) ? MatchKind.Vmid : null;
        }

        return Present(run.ProtectedObject) is { } name && Present(vm.Name) is { } vmName
            && string.Equals(name, vmName, StringComparison.OrdinalIgnoreCase)
            ? MatchKind.Name
            : null;
    }

    /// <summary>The jobs of <paramref name="siteJobs"/> (the VM's site) that protect the VM, with how and the newest
    /// backup (success or warning) they made of it, in job id order.</summary>
    /// <param name="mappedJobIds">Jobs a person mapped to this VM.</param>
    public static IReadOnlyList<JobMatch> Matches(InventoryVm vm, IEnumerable<JobSnapshot> siteJobs, IReadOnlySet<long> mappedJobIds)
    {
        ArgumentNullException.ThrowIfNull(siteJobs);
        return Matches(vm, siteJobs.Select(JobTargets.Of), mappedJobIds);
    }

    /// <summary>As above, from jobs already reduced to what their runs name (done once per evaluation, not per VM).</summary>
    public static IReadOnlyList<JobMatch> Matches(InventoryVm vm, IEnumerable<JobTargets> siteJobs, IReadOnlySet<long> mappedJobIds)
    {
        ArgumentNullException.ThrowIfNull(vm);
        ArgumentNullException.ThrowIfNull(siteJobs);
        ArgumentNullException.ThrowIfNull(mappedJobIds);
        var matches = new List<JobMatch>();
        foreach (var job in siteJobs.Where(j => j.Job.SiteId == vm.SiteId).OrderBy(j => j.Job.JobId))
        {
            MatchKind? best = null;
            DateTimeOffset? lastProtected = null;
            foreach (var (target, lastCompleted) in job.Targets)
            {
                if (Match(vm, job.Job.AgentId, target) is not { } kind)
                {
                    continue;
                }

                best = best is { } b && b < kind ? b : kind;
                if (lastCompleted is { } t && (lastProtected is null || t > lastProtected))
                {
                    lastProtected = t;
                }
            }

            if (best is { } by)
            {
                matches.Add(new JobMatch(job.Job, by, lastProtected));
            }
            else if (mappedJobIds.Contains(job.Job.JobId))
            {
                // A mapping says the job protects the VM without its runs saying which VM: every backup of it counts.
                matches.Add(new JobMatch(job.Job, MatchKind.Mapping, job.LastCompleted));
            }
        }

        return matches;
    }

    private static List<string> VmUuids(InventoryVm vm)
    {
        var uuids = new List<string>(2);
        if (Present(vm.VmUuid) is { } attribute)
        {
            uuids.Add(attribute);
        }

        // The item id is the hypervisor's own id: a uuid for XenServer and Hyper-V, "<node>/<vmid>" for Proxmox.
        if (Guid.TryParse(vm.ItemId, out _))
        {
            uuids.Add(vm.ItemId);
        }

        return uuids;
    }

    private static bool SameUuid(string a, string b) =>
        Guid.TryParse(a, out var ga) && Guid.TryParse(b, out var gb)
            ? ga == gb
            : string.Equals(a.Trim(), b.Trim(), StringComparison.OrdinalIgnoreCase);

    private static string? Present(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}

/// <summary>A job reduced to the distinct things its runs name, each with the newest backup (success or warning)
/// of it: a job's runs mostly name the same VM, so a VM is compared with a handful of targets, not every run.</summary>
internal sealed record JobTargets(JobSnapshot Job, IReadOnlyList<(RunTarget Target, DateTimeOffset? LastCompleted)> Targets, DateTimeOffset? LastCompleted)
{
    public static JobTargets Of(JobSnapshot job)
    {
        ArgumentNullException.ThrowIfNull(job);
        var targets = new Dictionary<RunTarget, DateTimeOffset?>();
        foreach (var run in job.Runs)
        {
            if (run.Target is null)
            {
                continue;
            }

            targets.TryGetValue(run.Target, out var newest);
            if (CompletedRuns.IsUsable(run) && (newest is null || run.RunTime > newest))
            {
                newest = run.RunTime;
            }

            targets[run.Target] = newest;
        }

        return new JobTargets(job, targets.Select(t => (t.Key, t.Value)).ToList(), CompletedRuns.LastUsable(job.Runs));
    }
}

/// <summary>A job that protects a VM, how it was tied to it, and its newest backup of it.</summary>
internal sealed record JobMatch(JobSnapshot Job, MatchKind By, DateTimeOffset? LastProtected);
