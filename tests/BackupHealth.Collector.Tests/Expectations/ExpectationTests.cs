using BackupHealth.Collector.Expectations;
using BackupHealth.Collector.Tests.Rules;

namespace BackupHealth.Collector.Tests.Expectations;

public sealed class ExpectationTests
{
    private static readonly DateTimeOffset Monday = JobHistory.Monday;

    [Fact]
    public void Interval_deadline_is_last_success_plus_interval_plus_grace()
    {
        var expectation = Expectation.Every(TimeSpan.FromDays(1), TimeSpan.FromHours(2), ExpectationSource.Set);

        Assert.Equal(Monday.AddHours(22 + 26), expectation.Deadline(Monday.AddHours(22), firstSeen: Monday.AddDays(-30)));
    }

    [Fact]
    public void Without_any_success_it_counts_from_when_the_job_was_first_seen()
    {
        var expectation = Expectation.Every(TimeSpan.FromDays(1), TimeSpan.FromHours(2), ExpectationSource.Default);

        Assert.Equal(Monday.AddHours(26), expectation.Deadline(lastSuccess: null, firstSeen: Monday));
    }

    [Fact]
    public void Schedule_deadline_is_the_first_scheduled_time_after_the_last_success_plus_grace()
    {
        Assert.True(ScheduleParser.TryParse("weekdays 22:00 UTC", out var schedule, out _));
        var expectation = Expectation.On(schedule!, TimeSpan.FromHours(2), ExpectationSource.Set);
        var friday = Monday.AddDays(4).AddHours(22).AddMinutes(40);

        Assert.Equal(Monday.AddDays(7).AddHours(24), expectation.Deadline(friday, Monday));
    }

    /// <summary>Last successes where "the first scheduled time after X" and "after X + 1 day" differ: a deadline
    /// counted from the wrong day is caught here, which a Friday (next after Friday and after Saturday are both
    /// Monday) cannot show.</summary>
    [Theory]
    [InlineData("weekdays 22:00 UTC", "2025-06-02 22:40", "2025-06-04 00:00")] // Monday night: due Tuesday 22:00
    [InlineData("weekdays 22:00 UTC", "2025-06-05 21:50", "2025-06-06 00:00")] // Thursday, before its own 22:00
    [InlineData("daily 02:00 UTC", "2025-06-04 02:10", "2025-06-05 04:00")]
    [InlineData("mon,wed,fri 01:30 UTC", "2025-06-03 23:00", "2025-06-04 03:30")] // late Tuesday: Wednesday's run
    [InlineData("hourly :15 UTC", "2025-06-04 10:20", "2025-06-04 13:15")]
    public void Schedule_deadline_counts_from_the_day_of_the_last_success(string text, string lastSuccess, string deadline)
    {
        Assert.True(ScheduleParser.TryParse(text, out var schedule, out _));
        var expectation = Expectation.On(schedule!, TimeSpan.FromHours(2), ExpectationSource.Set);

        Assert.Equal(ScheduleParserTests.Utc(deadline), expectation.Deadline(ScheduleParserTests.Utc(lastSuccess), Monday.AddDays(-30)));
    }

    [Fact]
    public void Days_the_job_does_not_run_on_are_skipped()
    {
        var weekdays = new RunDays(new HashSet<DayOfWeek> { DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday },
            TimeSpan.FromHours(10.5));
        var expectation = Expectation.Every(TimeSpan.FromDays(1), TimeSpan.FromHours(6), ExpectationSource.Learned, weekdays);
        var friday = Monday.AddDays(4).AddHours(22);

        Assert.Equal(Monday.AddDays(7).AddHours(28), expectation.Deadline(friday, Monday));
        Assert.Equal(Monday.AddDays(2).AddHours(28), expectation.Deadline(Monday.AddDays(1).AddHours(22), Monday));
    }

    [Fact]
    public void Describe_says_what_is_expected_and_where_it_came_from()
    {
        Assert.True(ScheduleParser.TryParse("weekdays 22:00 Europe/Amsterdam", out var schedule, out _));

        Assert.Equal("every 1 d, grace 2 h (default)", Expectation.Every(TimeSpan.FromDays(1), TimeSpan.FromHours(2), ExpectationSource.Default).Describe());
        Assert.Equal("every 1 h 30 min, grace 30 min (learned)", Expectation.Every(TimeSpan.FromMinutes(90), TimeSpan.FromMinutes(30), ExpectationSource.Learned).Describe());
        Assert.Equal("schedule weekdays 22:00 Europe/Amsterdam, grace 1 h (set)", Expectation.On(schedule!, TimeSpan.FromHours(1), ExpectationSource.Set).Describe());
    }
}
