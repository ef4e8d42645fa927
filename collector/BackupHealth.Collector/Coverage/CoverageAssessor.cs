using BackupHealth.Collector.Expectations;
using BackupHealth.Collector.Model;
using BackupHealth.Collector.Rules;

namespace BackupHealth.Collector.Coverage;

/// <summary>Judges every VM of a snapshot: which jobs protect it (<see cref="CoverageMatcher"/>), whether any did so
/// within its own expectation, and what that makes the VM. Pure given the snapshot; the <c>vm_not_protected</c> rule
/// and the coverage API both use it, so they never disagree.</summary>
internal sealed class CoverageAssessor(IExpectationResolver expectations, VmNotProtectedOptions options)
{
    public IReadOnlyList<VmCoverage> Assess(EvaluationSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var coverage = snapshot.CoverageOrEmpty;
        if (coverage.Vms.Count == 0)
        {
            return [];
        }

        var jobsBySite = snapshot.Jobs.Select(JobTargets.Of).ToLookup(j => j.Job.SiteId);
        var mappings = coverage.Mappings.ToLookup(m => (m.SiteId, m.ItemId), m => m.JobId);
        var exclusions = coverage.Exclusions.ToDictionary(e => (e.SiteId, e.ItemId));
        var resolved = new Dictionary<long, Expectation>();
        var result = new List<VmCoverage>(coverage.Vms.Count);
        foreach (var vm in coverage.Vms)
        {
            var mapped = mappings[(vm.SiteId, vm.ItemId)].ToHashSet();
            var protections = CoverageMatcher.Matches(vm, jobsBySite[vm.SiteId], mapped)
                .Select(m => Judge(m, snapshot.Now, resolved))
                .ToList();
            result.Add(Assess(vm, protections, exclusions.GetValueOrDefault((vm.SiteId, vm.ItemId)), snapshot.Now));
        }

        return result;
    }

    private JobProtection Judge(JobMatch match, DateTimeOffset now, Dictionary<long, Expectation> resolved)
    {
        if (match.LastProtected is not { } last)
        {
            return new JobProtection(match.Job, match.By, null, null, false);
        }

        if (!resolved.TryGetValue(match.Job.JobId, out var expectation))
        {
            resolved[match.Job.JobId] = expectation = expectations.Resolve(match.Job);
        }

        // A schedule that never fires again has no deadline: like job_missed, never late.
        var due = expectation.Deadline(last, match.Job.FirstSeen);
        return new JobProtection(match.Job, match.By, last, due, due is not { } d || now <= d);
    }

    private VmCoverage Assess(InventoryVm vm, List<JobProtection> protections, CoverageExclusion? exclusion, DateTimeOffset now)
    {
        var lastProtected = protections.Max(p => p.LastProtected);
        var current = protections.Where(p => p.Current).MaxBy(p => p.LastProtected);
        if (exclusion is not null)
        {
            return new VmCoverage(vm, CoverageState.Excluded, protections, lastProtected, exclusion, false,
                $"excluded by {exclusion.By} on {RuleText.Time(exclusion.At)}: {exclusion.Reason}");
        }

        if (current is not null)
        {
            var due = current.DueBy is { } d ? $"; next due by {RuleText.Time(d)}" : "";
            return new VmCoverage(vm, CoverageState.Protected, protections, lastProtected, null, false,
                $"backed up {RuleText.Time(current.LastProtected!.Value)} by {Describe(current)}{due}");
        }

        var why = Unprotected(protections);
        if (options.PoweredOnOnly && !PowerStates.IsRunning(vm.PowerState))
        {
            return new VmCoverage(vm, CoverageState.NotRunning, protections, lastProtected, null, false,
                $"not running ({vm.PowerState}), so not judged; {why}");
        }

        var alertsFrom = vm.FirstSeen + options.NewVmGrace;
        var isNew = now < alertsFrom;
        var grace = isNew ? $"; a new VM (first seen {RuleText.Time(vm.FirstSeen)}): no alert before {RuleText.Time(alertsFrom)}" : "";
        return new VmCoverage(vm, CoverageState.Unprotected, protections, lastProtected, null, isNew, why + grace);
    }

    private static string Unprotected(List<JobProtection> protections)
    {
        if (protections.Count == 0)
        {
            return "no job backs it up: no recent run names it by uuid, vmid or name, and no job is mapped to it";
        }

        if (protections.Where(p => p.LastProtected is not null).MaxBy(p => p.LastProtected) is not { } newest)
        {
            return $"no backup of it among the recent runs of {string.Join(", ", protections.Select(Describe))}";
        }

        return $"last backed up {RuleText.Time(newest.LastProtected!.Value)} by {Describe(newest)}, due by {RuleText.Time(newest.DueBy!.Value)}";
    }

    private static string Describe(JobProtection p) => $"{p.Job.Name} (matched by {MatchKindNames.Of(p.By)})";
}
