using BackupHealth.Collector.Dashboard.Health;
using BackupHealth.Collector.Notify;
using BackupHealth.Collector.Store;

namespace BackupHealth.Collector.Tests.Architecture;

/// <summary><c>Rules/</c> judges a snapshot and returns findings (issue 19): it reads no store, sends nothing and
/// knows no page, so a rule can be read, tested and mutated on its own. What its types may use is listed here, each
/// with why.</summary>
public sealed class RulesRoomTests
{
    private const string Rules = "BackupHealth.Collector.Rules";

    /// <summary>Namespaces (with those beneath them) and single types the rules may use.</summary>
    private static readonly string[] Allowed =
    [
        Rules,                                              // the rules themselves, their options, words, guide and registration
        "BackupHealth.Collector.Model",                     // the records a rule judges (snapshot, jobs, runs) and returns (findings)
        "BackupHealth.Collector.Health",                    // the job verdict the rules share with the dashboard (deciding run, deadline)
        "BackupHealth.Collector.Expectations",              // the schedules and learned rhythms job_missed and vm_not_protected judge by
        "BackupHealth.Collector.Coverage.CoverageAssessor", // the VM coverage judgement vm_not_protected shares with the coverage API
        "BackupHealth.Collector.Coverage.VmCoverage",       // what that judgement returns for a VM
        "BackupHealth.Collector.Limits.LimitsOptions",      // agent_flooding names the quota setting that refused and waits out its quiet period
        "BackupHealth.Contracts",                           // the wire's words: run status, verification state
        "System",                                           // the BCL
        "Microsoft.Extensions.Options",                     // each rule's options and their validation
        "Microsoft.Extensions.Configuration",               // registration binds each rule's section
        "Microsoft.Extensions.DependencyInjection",         // registration (AddAlertRules)
        "Microsoft.AspNetCore.Http.Json",                   // registration adds the expectations' JSON to the API's JSON options
        "__OptionValidationStaticInstances",                // emitted by the [OptionsValidator] source generator for the rules' options
    ];

    [Fact]
    public void Rules_use_only_the_model_health_expectations_their_options_and_the_contracts()
    {
        var violations = RoomUse.Violations(typeof(StoreBackend).Assembly, Rules, Allowed);

        Assert.True(violations.Count == 0, "Rules/ uses what it may not (a rule judges the snapshot; what else it needs "
            + "belongs in Model/, Health/ or the snapshot): " + string.Join("; ", violations));
    }

    [Fact]
    public void The_check_sees_a_store_in_a_constructor_a_room_in_a_lambda_and_a_static_call()
    {
        var violations = RoomUse.Violations(typeof(RulesRoomTests).Assembly, typeof(Samples.AuditingRule).Namespace!,
            [typeof(Samples.AuditingRule).Namespace!, "System"]);

        Assert.Contains($"{typeof(Samples.AuditingRule).FullName} -> {typeof(IAuditStore).FullName}", violations);
        Assert.Contains($"{typeof(Samples.PageReadingRule).FullName} -> {typeof(JobAssessment).FullName}", violations);
        Assert.Contains($"{typeof(Samples.NotifyingRule).FullName} -> {typeof(NotificationText).FullName}", violations);
        Assert.DoesNotContain(violations, v => v.StartsWith(typeof(Samples.PlainRule).FullName!, StringComparison.Ordinal));
    }
}
