namespace BackupHealth.Collector.Rules;

/// <summary>What each rule means to the technician who reads its alert, in one place beside the rules: a short problem
/// word for subjects (<c>SQL01 failed, FS01 missed</c>), what it means in words, and the next thing to check, made
/// specific by the product the job comes from (Veeam ONE's knowledge-base idea). Every channel and the alert page show
/// the same texts.</summary>
internal static class RuleGuide
{
    /// <summary>One or two words for a subject line: "failed", "missed", "silent".</summary>
    public static string Problem(string rule) => rule switch
    {
        JobFailedRule.RuleId => "failed",
        JobMissedRule.RuleId => "missed",
        JobDisabledRule.RuleId => "disabled",
        JobDisappearedRule.RuleId => "disappeared",
        VerificationFailedRule.RuleId => "unverified",
        SizeAnomalyRule.RuleId => "size changed",
        DurationAnomalyRule.RuleId => "slow",
        WarningsRepeatRule.RuleId => "warnings",
        AgentSilentRule.RuleId => "silent",
        AgentFloodingRule.RuleId => "flooding",
        ProbeErrorRule.RuleId => "probe error",
        ProbeStalledRule.RuleId => "probe stalled",
        VmNotProtectedRule.RuleId => "not protected",
        _ => rule.Replace('_', ' '),
    };

    /// <summary>What the alert means, in words, before any rule id.</summary>
    public static string What(string rule) => rule switch
    {
        JobFailedRule.RuleId => "The newest run of this backup job failed.",
        JobMissedRule.RuleId => "This backup job has no successful run within the time it is expected to have one.",
        JobDisabledRule.RuleId => "The backup product lists this job as disabled: it will not run.",
        JobDisappearedRule.RuleId => "The backup product no longer lists this job, though it ran before.",
        VerificationFailedRule.RuleId => "The newest backup could not be verified: its data may not restore.",
        SizeAnomalyRule.RuleId => "The newest backup is far smaller or larger than this job's usual size.",
        DurationAnomalyRule.RuleId => "The newest run took far longer than this job usually does.",
        WarningsRepeatRule.RuleId => "This job keeps finishing with warnings.",
        AgentSilentRule.RuleId => "The BackupHealth Agent has not been heard from: nothing it watches is being checked.",
        AgentFloodingRule.RuleId => "The agent sends far more observations than any backup source makes; the collector refuses the excess.",
        ProbeErrorRule.RuleId => "The agent cannot read this backup source.",
        ProbeStalledRule.RuleId => "The agent's probe of this backup source has stopped running.",
        VmNotProtectedRule.RuleId => "This virtual machine is in the hypervisor's inventory, but no backup job covers it.",
        _ => "",
    };

    /// <summary>A short, specific "check this" for the rule and the product the job comes from.</summary>
    public static string NextStep(string rule, GuideContext context, Func<DateTimeOffset, string> time)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(time);
        var host = string.IsNullOrWhiteSpace(context.HostName) ? "the agent's host" : $"host {context.HostName}";
        var lastSuccess = context.LastSuccess is { } success ? $"last success {time(success)}" : "no success on record";
        var console = Console(context.SourceKind);
        return rule switch
        {
            AgentSilentRule.RuleId =>
                $"Is the BackupHealth Agent service running on {host}, and can it reach the collector (network, proxy, certificate)? "
                + (context.LastHeard is { } heard ? $"Last heard {time(heard)}." : "Never heard."),
            AgentFloodingRule.RuleId =>
                $"Look at the agent's probes on {host}: one may be resending the same results in a loop. Restart the agent after fixing its configuration.",
            JobFailedRule.RuleId => Family(context.SourceKind) switch
            {
                "veeam" => $"Open the job's session in {console} and read its error; {lastSuccess}. Retry the job once the cause is fixed.",
                "xenserver" => $"Check the export task on the pool (XenCenter: the task's error) and free space on the export target; {lastSuccess}.",
                "proxmox" => $"Read the task log in the Proxmox web UI (Datacenter → Tasks) for this job; {lastSuccess}.",
                "unitrends" => $"Open the job's failed backup in the Unitrends appliance (Jobs → Recent) and read its error; {lastSuccess}.",
                "restic" or "borg" => $"Run the repository command by hand on {host} and read its error (repository lock, password, full disk); {lastSuccess}.",
                "windows" => $"Open Windows Server Backup on {host} (or wbadmin get versions) and read the last error; {lastSuccess}.",
                _ => $"Read the run's message below and the backup tool's log on {host}; {lastSuccess}.",
            },
            JobMissedRule.RuleId => Family(context.SourceKind) switch
            {
                "veeam" => $"Is the job disabled or its schedule changed in {console}? Is the backup server up? {Capitalised(lastSuccess)}.",
                "xenserver" => $"Did the export schedule run on the pool (XenCenter: tasks), and is the export target mounted? {Capitalised(lastSuccess)}.",
                "proxmox" => $"Is the backup job still enabled in Proxmox (Datacenter → Backup) and did the node run it? {Capitalised(lastSuccess)}.",
                "unitrends" => $"Is the schedule still active on the Unitrends appliance, and is the appliance up? {Capitalised(lastSuccess)}.",
                "files" => $"Is the export folder still written (share mounted, job on the hypervisor still scheduled)? {Capitalised(lastSuccess)}.",
                _ => $"Did the scheduled job start on {host} (its scheduler, timer or cron)? {Capitalised(lastSuccess)}.",
            },
            JobDisabledRule.RuleId => $"Enable the job in {console} if it should run, or exclude it in BackupHealth if it was retired on purpose.",
            JobDisappearedRule.RuleId => $"Was the job deleted or renamed in {console}? If it moved, the new one shows as a new job; resolve this alert.",
            VerificationFailedRule.RuleId =>
                $"Run the verification again{(context.Location is { } at ? $" on {at}" : "")}; if it fails again, take a new full backup and check the storage for errors.",
            SizeAnomalyRule.RuleId => "Compare what the job covers with last week's run: a VM or folder dropped from the selection shows as a much smaller backup.",
            DurationAnomalyRule.RuleId => "Check the backup target's free space and speed, and whether the run overlapped another job.",
            WarningsRepeatRule.RuleId => $"Read the warnings of the last runs in {console}: repeated warnings often become a failure.",
            ProbeErrorRule.RuleId => $"Check the probe's credentials and that {host} can reach the backup source; the agent's log has the full error.",
            ProbeStalledRule.RuleId => $"Restart the BackupHealth Agent service on {host}; if it stalls again, send its log to support.",
            VmNotProtectedRule.RuleId => "Add the VM to a backup job, or exclude it on the Coverage page if it needs no backup.",
            _ => "Open the alert for the details.",
        };
    }

    /// <summary>Why a cleared alert resolved, when no run says it: "the agent was heard again".</summary>
    public static string Cleared(string rule) => rule switch
    {
        AgentSilentRule.RuleId => "the agent was heard again",
        AgentFloodingRule.RuleId => "the agent kept within its quota",
        ProbeErrorRule.RuleId => "the probe read its source again",
        ProbeStalledRule.RuleId => "the probe ran again",
        JobDisabledRule.RuleId => "the job is enabled again",
        JobDisappearedRule.RuleId => "the job is listed again",
        VmNotProtectedRule.RuleId => "a backup job covers the VM now",
        _ => "the condition cleared",
    };

    private static string Family(string? sourceKind) => sourceKind?.Split('.')[0] ?? "";

    private static string Console(string? sourceKind) => Family(sourceKind) switch
    {
        "veeam" => sourceKind == "veeam.agent" ? "the Veeam Agent's control panel" : "the Veeam Backup & Replication console",
        "xenserver" => "XenCenter",
        "proxmox" => "the Proxmox web UI",
        "unitrends" => "the Unitrends appliance",
        "windows" => "Windows Server Backup",
        _ => "the backup tool",
    };

    private static string Capitalised(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
}

/// <summary>What the guide's texts name: the agent's host, when it was last heard, the job's last success, the file,
/// VM or repository of the run, and the product (<c>veeam.vbr</c>, <c>xenserver.xva</c>, …).</summary>
internal sealed record GuideContext(
    string? SourceKind = null,
    string? HostName = null,
    DateTimeOffset? LastHeard = null,
    DateTimeOffset? LastSuccess = null,
    string? Location = null);
