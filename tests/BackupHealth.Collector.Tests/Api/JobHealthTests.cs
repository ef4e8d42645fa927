using BackupHealth.Collector.Api;
using BackupHealth.Collector.Store;

namespace BackupHealth.Collector.Tests.Api;

public sealed class JobHealthTests
{
    private static readonly DateTimeOffset Now = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan StaleAfter = TimeSpan.FromHours(26);
    private static readonly DateTime RecentSuccess = Now.AddHours(-2).UtcDateTime;

    [Theory]
    [InlineData(StatusNames.Success, JobHealth.Ok)]
    [InlineData(StatusNames.Warning, JobHealth.Warning)]
    [InlineData(StatusNames.Failed, JobHealth.Failed)]
    [InlineData(StatusNames.Running, JobHealth.Running)]
    public void A_job_with_a_recent_success_shows_its_latest_status(string latest, string health)
    {
        Assert.Equal(health, JobHealth.Of(latest, RecentSuccess, Now, StaleAfter));
    }

    [Fact]
    public void Stale_fires_only_after_StaleAfter_has_passed_since_the_last_success()
    {
        var lastSuccess = Now.Add(-StaleAfter).UtcDateTime;

        Assert.Equal(JobHealth.Ok, JobHealth.Of(StatusNames.Success, lastSuccess, Now, StaleAfter));
        Assert.Equal(JobHealth.Stale, JobHealth.Of(StatusNames.Success, lastSuccess, Now.AddMilliseconds(1), StaleAfter));
    }

    [Fact]
    public void A_job_that_never_succeeded_is_stale_unless_its_latest_run_failed()
    {
        Assert.Equal(JobHealth.Stale, JobHealth.Of(StatusNames.Warning, null, Now, StaleAfter));
        Assert.Equal(JobHealth.Stale, JobHealth.Of(StatusNames.Running, null, Now, StaleAfter));
        Assert.Equal(JobHealth.Failed, JobHealth.Of(StatusNames.Failed, null, Now, StaleAfter));
    }

    [Fact]
    public void Severity_orders_problems_first()
    {
        var ordered = new[] { JobHealth.Ok, JobHealth.Running, JobHealth.Warning, JobHealth.Stale, JobHealth.Failed }
            .OrderBy(JobHealth.Severity);

        Assert.Equal([JobHealth.Failed, JobHealth.Stale, JobHealth.Warning, JobHealth.Running, JobHealth.Ok], ordered);
    }
}
