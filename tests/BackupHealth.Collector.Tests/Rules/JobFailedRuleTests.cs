using BackupHealth.Collector.Model;
using BackupHealth.Collector.Rules;
using BackupHealth.Contracts.V1;
using Microsoft.Extensions.Options;
using static BackupHealth.Collector.Tests.Rules.RuleAssert;

namespace BackupHealth.Collector.Tests.Rules;

public sealed class JobFailedRuleTests
{
    private static readonly DateTimeOffset Night = JobHistory.Monday.AddDays(10).AddHours(22);
    private readonly JobFailedRule _rule = new(Options.Create(new JobFailedOptions()));

    private static JobHistory Healthy() => new JobHistory().Daily(JobHistory.Monday.AddHours(22), 10);

    [Fact]
    public void Fires_when_the_newest_finished_run_failed()
    {
        var history = Healthy().Run(Night, RunStatus.Failed, message: "VSS snapshot timed out");

        var finding = Fires(_rule, history.At(Night.AddMinutes(5)));

        Assert.Equal(("job:42", AlertSeverity.Critical, 3L, 7L, 42L), (finding.Subject, finding.Severity, finding.SiteId, finding.AgentId, finding.JobId));
        Assert.Equal("SQL01 nightly failed", finding.Title);
        Assert.StartsWith("run of 2025-06-12 22:00 UTC failed: VSS snapshot timed out; last successful run 2025-06-11 ", finding.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Does_not_fire_on_healthy_history() => Quiet(_rule, Healthy().At(Night));

    [Fact]
    public void Resolves_when_a_later_run_succeeds()
    {
        var history = Healthy().Run(Night, RunStatus.Failed);
        Fires(_rule, history.At(Night.AddMinutes(5)));

        history.Run(Night.AddHours(1));

        Quiet(_rule, history.At(Night.AddHours(1)));
    }

    [Fact]
    public void A_later_warning_also_clears_it()
    {
        var history = Healthy().Run(Night, RunStatus.Failed).Run(Night.AddHours(1), RunStatus.Warning);

        Quiet(_rule, history.At(Night.AddHours(2)));
    }

    [Fact]
    public void A_running_run_does_not_hide_the_failure_before_it()
    {
        var history = Healthy().Run(Night, RunStatus.Failed).Run(Night.AddDays(1), RunStatus.Running);

        Fires(_rule, history.At(Night.AddDays(1)));
    }

    [Fact]
    public void A_failure_that_will_be_retried_waits_for_the_retry()
    {
        var history = Healthy().Run(Night, RunStatus.Failed, willRetry: true);

        Quiet(_rule, history.At(Night.AddMinutes(5)));
    }

    [Fact]
    public void Fires_when_the_retry_fails_too()
    {
        var history = Healthy().Run(Night, RunStatus.Failed, willRetry: true)
            .Run(Night.AddMinutes(30), RunStatus.Failed, message: "retry 1 of 1 failed");

        var finding = Fires(_rule, history.At(Night.AddMinutes(35)));

        Assert.Contains("retry 1 of 1 failed; 2 failed runs in a row", finding.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Stays_firing_while_a_retry_of_a_new_failure_is_pending()
    {
        // Failed last night for good; tonight fails again with a retry announced: the job is still failing.
        var history = Healthy().Run(Night, RunStatus.Failed).Run(Night.AddDays(1), RunStatus.Failed, willRetry: true);

        var finding = Fires(_rule, history.At(Night.AddDays(1).AddMinutes(5)));

        Assert.Contains("a retry of 2025-06-13 22:00 UTC also failed and will be retried", finding.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Says_so_when_the_job_never_succeeded()
    {
        var history = new JobHistory().Run(Night, RunStatus.Failed, message: "");

        var finding = Fires(_rule, history.At(Night));

        Assert.Equal("run of 2025-06-12 22:00 UTC failed: (no message); no successful run on record", finding.Detail);
    }

    [Fact]
    public void Switched_off_it_finds_nothing()
    {
        var rule = new JobFailedRule(Options.Create(new JobFailedOptions { Enabled = false }));

        Quiet(rule, Healthy().Run(Night, RunStatus.Failed).At(Night));
    }

    [Fact]
    public void The_detail_names_the_file_the_failed_run_wrote()
    {
        var history = Healthy().Run(Night, RunStatus.Failed, message: "the newest backup file is empty", location: "sql01/sql01-2025-06-12.bak");

        var finding = Fires(_rule, history.At(Night.AddMinutes(5)));

        Assert.StartsWith("run of 2025-06-12 22:00 UTC failed: the newest backup file is empty; file sql01/sql01-2025-06-12.bak; last successful run",
            finding.Detail, StringComparison.Ordinal);
    }
}
