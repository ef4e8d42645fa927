using BackupHealth.Collector.Api;
using BackupHealth.Collector.Expectations;
using BackupHealth.Collector.Health;
using BackupHealth.Collector.Tests.Rules;
using BackupHealth.Contracts.V1;
using Microsoft.Extensions.Options;

namespace BackupHealth.Collector.Tests.Dashboard;

public sealed class JobHealthJudgeTests
{
    private static readonly DateTimeOffset Monday = JobHistory.Monday;
    private static readonly Expectation Daily = Expectation.Every(TimeSpan.FromDays(1), TimeSpan.FromHours(2), ExpectationSource.Learned);

    private static JobHealthState Judge(JobHistory history, DateTimeOffset now, bool disabled = false, bool running = false, Expectation? expectation = null)
    {
        var digest = JobHistoryDigest.Of(history.Runs, expectation ?? Daily);
        return JobHealthJudge.Judge(new JobFacts(expectation ?? Daily, digest, history.FirstSeen, disabled, running), now);
    }

    [Theory]
    [InlineData(RunStatus.Success, "Ok")]
    [InlineData(RunStatus.Warning, "Warning")]
    [InlineData(RunStatus.Failed, "Failed")]
    public void A_job_within_its_expectation_shows_its_newest_finished_run(RunStatus latest, string health)
    {
        var history = new JobHistory().Run(Monday.AddDays(-1)).Run(Monday, latest);

        Assert.Equal(Enum.Parse<JobHealthState>(health), Judge(history, Monday.AddHours(1)));
    }

    [Fact]
    public void Missed_only_once_the_expectation_deadline_has_passed()
    {
        var history = new JobHistory().Run(Monday);
        var deadline = Monday.AddDays(1).AddHours(2);

        Assert.Equal(JobHealthState.Ok, Judge(history, deadline));
        Assert.Equal(JobHealthState.Missed, Judge(history, deadline.AddTicks(1)));
    }

    [Fact]
    public void A_weekly_expectation_keeps_a_job_ok_for_days_a_daily_one_calls_missed()
    {
        var weekly = Expectation.Every(TimeSpan.FromDays(7), TimeSpan.FromHours(6), ExpectationSource.Set);
        var history = new JobHistory().Run(Monday);

        Assert.Equal(JobHealthState.Missed, Judge(history, Monday.AddDays(3)));
        Assert.Equal(JobHealthState.Ok, Judge(history, Monday.AddDays(3), expectation: weekly));
    }

    [Fact]
    public void A_warning_is_a_completed_backup_and_does_not_make_a_job_missed()
    {
        var history = new JobHistory().Run(Monday.AddDays(-3)).Run(Monday, RunStatus.Warning);

        Assert.Equal(JobHealthState.Warning, Judge(history, Monday.AddHours(20)));
    }

    [Fact]
    public void Failed_beats_missed_and_missed_beats_disabled()
    {
        var failed = new JobHistory().Run(Monday, RunStatus.Failed);
        var stopped = new JobHistory().Run(Monday);

        Assert.Equal(JobHealthState.Failed, Judge(failed, Monday.AddDays(5), disabled: true));
        Assert.Equal(JobHealthState.Missed, Judge(stopped, Monday.AddDays(5), disabled: true));
        Assert.Equal(JobHealthState.Disabled, Judge(stopped, Monday.AddHours(1), disabled: true));
    }

    [Fact]
    public void A_failure_the_source_will_retry_leaves_the_run_before_it_standing()
    {
        var history = new JobHistory().Run(Monday).Run(Monday.AddHours(1), RunStatus.Failed, willRetry: true);

        Assert.Equal(JobHealthState.Ok, Judge(history, Monday.AddHours(2)));
    }

    [Fact]
    public void A_run_whose_verification_failed_is_corrupt_not_failed_until_a_later_run_passes_verification()
    {
        var failedCheck = new JobHistory().Run(Monday, verification: VerificationState.Failed);
        var passedSince = new JobHistory().Run(Monday.AddHours(-5), verification: VerificationState.Failed).Run(Monday, verification: VerificationState.Passed);

        // verification_failed is critical: the health word says so, in the rule's own word, not "failed" nor "warning".
        Assert.Equal(JobHealthState.Corrupt, Judge(failedCheck, Monday.AddHours(1)));
        Assert.Equal("corrupt", JobHealth.Name(Judge(failedCheck, Monday.AddHours(1))));
        Assert.Equal(JobHealthState.Ok, Judge(passedSince, Monday.AddHours(1)));
    }

    [Fact]
    public void A_corrupt_backup_still_ran_on_time_and_a_run_that_failed_outranks_it()
    {
        var corrupt = new JobHistory().Run(Monday.AddDays(-1)).Run(Monday, verification: VerificationState.Failed);
        var failedAfter = new JobHistory().Run(Monday, verification: VerificationState.Failed).Run(Monday.AddHours(1), RunStatus.Failed);

        // Its one word is corrupt (verification_failed), not missed a day later as well.
        Assert.Equal(Monday, JobHistoryDigest.Of(corrupt.Runs, Daily).LastCompleted);
        Assert.Equal(JobHealthState.Corrupt, Judge(corrupt, Monday.AddHours(30)));
        Assert.Equal(JobHealthState.Failed, Judge(failedAfter, Monday.AddHours(2)));
    }

    [Fact]
    public void A_run_in_progress_shows_as_running_only_when_nothing_is_wrong()
    {
        var fine = new JobHistory().Run(Monday);
        var failed = new JobHistory().Run(Monday, RunStatus.Failed);

        Assert.Equal(JobHealthState.Running, Judge(fine, Monday.AddHours(1), running: true));
        Assert.Equal(JobHealthState.Failed, Judge(failed, Monday.AddHours(1), running: true));
    }

    [Fact]
    public void A_setting_replaces_the_learned_expectation_and_an_unusable_one_falls_back_to_it()
    {
        var resolver = new ExpectationResolver(Options.Create(new ExpectationOptions()));
        var digest = JobHistoryDigest.Of([], Daily);

        var set = JobHealthJudge.Expectation(resolver, new ExpectationSetting(null, "weekdays 22:00 Europe/Amsterdam", null), digest);
        var unusable = JobHealthJudge.Expectation(resolver, new ExpectationSetting(null, "daily 22:00 Nowhere/Atlantis", null), digest);

        Assert.Equal(ExpectationSource.Set, set.Source);
        Assert.Equal("weekdays 22:00 Europe/Amsterdam", set.Schedule?.Text);
        Assert.Same(Daily, unusable);
        Assert.Same(Daily, JobHealthJudge.Expectation(resolver, null, digest));
    }

    [Fact]
    public void The_api_words_follow_the_states_worst_first()
    {
        Assert.Equal(["failed", "corrupt", "missed", "disabled", "warning", "running", "ok"], Enum.GetValues<JobHealthState>().Select(JobHealth.Name));
        Assert.Equal(JobHealth.All, JobHealth.All.OrderBy(JobHealth.Severity));
    }

    [Theory]
    [InlineData(0, 0, 2, 0, "Failing")]
    [InlineData(0, 1, 2, 2, "Failing")]
    [InlineData(0, 0, 2, 2, "Silent")]
    [InlineData(0, 0, 0, 0, "Silent")]
    [InlineData(1, 0, 2, 0, "Warning")]
    [InlineData(0, 0, 2, 1, "Warning")]
    [InlineData(0, 0, 2, 0, "Healthy")]
    public void Site_health_is_failing_then_silent_then_warning_then_healthy(int warnings, int missed, int agents, int silent, string expected)
    {
        var health = Enum.Parse<SiteHealth>(expected);
        var failed = health == SiteHealth.Failing && missed == 0 ? 1 : 0;
        var jobs = new JobCounts(failed, missed, 0, warnings, 0, 3);

        Assert.Equal(health, SiteHealthJudge.Judge(jobs, agents, silent));
    }

    [Fact]
    public void A_corrupt_job_makes_its_site_failing_and_is_counted_as_such()
    {
        var jobs = JobCounts.Of([JobHealthState.Corrupt, JobHealthState.Ok]);

        Assert.Equal((1, 2, 1), (jobs.Corrupt, jobs.Total, jobs.Problems));
        Assert.Equal(SiteHealth.Failing, SiteHealthJudge.Judge(jobs, 1, 0));
    }
}
