using BackupHealth.Collector.Model;

namespace BackupHealth.Collector.Coverage;

/// <summary>One VM's coverage at one moment.</summary>
/// <param name="ProtectedBy">Every job tied to the VM, current or not, in job id order.</param>
/// <param name="LastProtected">The newest backup of the VM by any of them.</param>
/// <param name="InNewVmGrace">Unprotected, but first seen too recently to alert.</param>
/// <param name="Reason">Why the VM is in its state, for a person.</param>
internal sealed record VmCoverage(
    InventoryVm Vm,
    CoverageState State,
    IReadOnlyList<JobProtection> ProtectedBy,
    DateTimeOffset? LastProtected,
    CoverageExclusion? Exclusion,
    bool InNewVmGrace,
    string Reason);

/// <summary>A job tied to a VM, judged by that job's expectation.</summary>
/// <param name="LastProtected">The job's newest backup (success or warning) of the VM.</param>
/// <param name="DueBy">When the next one must come; null when there is none yet (or the schedule never fires again).</param>
/// <param name="Current">The backup is within the job's expectation.</param>
internal sealed record JobProtection(JobSnapshot Job, MatchKind By, DateTimeOffset? LastProtected, DateTimeOffset? DueBy, bool Current);
