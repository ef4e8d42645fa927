using BackupHealth.Collector.Coverage;
using BackupHealth.Collector.Expectations;
using BackupHealth.Collector.Model;
using Microsoft.Extensions.Options;

namespace BackupHealth.Collector.Rules;

/// <summary><c>vm_not_protected</c>: a running VM of the inventory that no job backed up within that job's
/// expectation, or that no job backs up at all — once it has been in the inventory longer than
/// <see cref="VmNotProtectedOptions.NewVmGrace"/>. Excluded VMs never fire. One alert per VM (site + item id).</summary>
internal sealed class VmNotProtectedRule(IExpectationResolver expectations, IOptions<VmNotProtectedOptions> options) : IAlertRule
{
    public const string RuleId = "vm_not_protected";

    private readonly VmNotProtectedOptions _options = options.Value;
    private readonly CoverageAssessor _assessor = new(expectations, options.Value);

    public string Id => RuleId;

    public IEnumerable<RuleFinding> Evaluate(EvaluationSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        if (!_options.Enabled)
        {
            return [];
        }

        return _assessor.Assess(snapshot)
            .Where(c => c.State == CoverageState.Unprotected && !c.InNewVmGrace)
            .Select(c => Finding(c.Vm, c.Reason))
            .ToList();
    }

    private RuleFinding Finding(InventoryVm vm, string reason)
    {
        var name = vm.Name.Length > 0 ? vm.Name : vm.ItemId;
        var where = $"{vm.Customer} / {vm.Site}: {vm.Hypervisor} VM {vm.ItemId} ({vm.PowerState}) reported by probe {vm.ProbeName} of agent {vm.AgentKey}";
        return new RuleFinding(RuleId, Subjects.Vm(vm.SiteId, vm.ItemId), _options.Severity, vm.SiteId, vm.AgentId, null,
            $"VM {name} not protected", $"{reason} ({where})");
    }
}
