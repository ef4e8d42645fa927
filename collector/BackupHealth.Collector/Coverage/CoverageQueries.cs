using BackupHealth.Collector.Alerts;
using BackupHealth.Collector.Expectations;
using BackupHealth.Collector.Rules;
using BackupHealth.Collector.Store;
using Microsoft.Extensions.Options;

namespace BackupHealth.Collector.Coverage;

/// <summary>The coverage API's reads. The VM list is judged from the same snapshot and by the same
/// <see cref="CoverageAssessor"/> as the <c>vm_not_protected</c> rule, so the page and the alerts never disagree.</summary>
internal sealed class CoverageQueries(IEvaluationStore snapshots, ICoverageStore store, IExpectationResolver expectations,
    IOptions<VmNotProtectedOptions> options, TimeProvider time)
{
    /// <param name="customer">Exact customer name, or null for all.</param>
    /// <param name="site">Exact site name, or null for all.</param>
    /// <param name="state">One of <see cref="CoverageStateNames.All"/>, or null for all.</param>
    public async Task<IReadOnlyList<CoverageVmDto>> GetCoverageAsync(string? customer, string? site, string? state, CancellationToken cancellationToken)
    {
        var snapshot = await snapshots.LoadSnapshotAsync(time.GetUtcNow(), cancellationToken);
        var rule = options.Value;
        var exclusions = snapshot.CoverageOrEmpty.Exclusions;
        return new CoverageAssessor(expectations, rule).Assess(snapshot)
            .Where(c => (customer is null || c.Vm.Customer == customer) && (site is null || c.Vm.Site == site)
                && (state is null || CoverageStateNames.Of(c.State) == state))
            .OrderBy(c => c.Vm.Customer, StringComparer.Ordinal).ThenBy(c => c.Vm.Site, StringComparer.Ordinal)
            .ThenBy(c => c.Vm.Name, StringComparer.OrdinalIgnoreCase).ThenBy(c => c.Vm.ItemId, StringComparer.Ordinal)
            .Select(c => ToDto(c, rule.Enabled))
            .ToList();
    }

    public Task<IReadOnlyList<CoverageMappingDto>> GetMappingsAsync(CancellationToken cancellationToken) =>
        store.ListMappingsAsync(cancellationToken);

    public Task<IReadOnlyList<CoverageExclusionDto>> GetExclusionsAsync(CancellationToken cancellationToken) =>
        store.ListExclusionsAsync(cancellationToken);

    private static CoverageVmDto ToDto(VmCoverage c, bool ruleEnabled)
    {
        var vm = c.Vm;
        var exclusion = c.Exclusion is { } e
            ? new CoverageExclusionDto(vm.Customer, vm.Site, vm.ItemId, e.Reason, e.By, e.At.UtcDateTime)
            : null;
        return new CoverageVmDto(vm.Customer, vm.Site, vm.AgentKey, vm.Hypervisor, vm.ProbeName, vm.ItemId, vm.Name, vm.PowerState,
            CoverageStateNames.Of(c.State),
            c.ProtectedBy.Select(p => new CoverageJobDto(p.Job.JobId, p.Job.Name, MatchKindNames.Of(p.By), p.LastProtected?.UtcDateTime,
                p.DueBy?.UtcDateTime, p.Current)).ToList(),
            c.LastProtected?.UtcDateTime, c.Reason, vm.FirstSeen.UtcDateTime,
            ruleEnabled && c.State == CoverageState.Unprotected && !c.InNewVmGrace, exclusion);
    }
}
