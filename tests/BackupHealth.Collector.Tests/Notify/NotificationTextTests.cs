using BackupHealth.Collector.Model;
using BackupHealth.Collector.Notify;
using static BackupHealth.Collector.Tests.Notify.SampleNotifications;

namespace BackupHealth.Collector.Tests.Notify;

public sealed class NotificationTextTests
{
    [Fact]
    public void Headline_counts_the_firing_alerts_and_names_them_worst_first_then_by_name()
    {
        var n = Contoso(1, Change(1, AlertSeverity.Warning, title: "SQL02 missed its backup", job: "SQL02", rule: "job_missed"),
            Change(2, AlertSeverity.Critical, AlertChangeKind.Resolved, job: "SQL01"),
            Change(3, AlertSeverity.Critical, AlertChangeKind.Repeated, title: "FS01 failed", job: "FS01"),
            Change(4, AlertSeverity.Critical, title: "DC01 missed its backup", job: "DC01", rule: "job_missed"));

        Assert.Equal("CRITICAL 3 firing at Contoso Ltd / Head office: DC01 missed, FS01 failed, SQL02 missed; 1 other change", NotificationText.Headline(n));
    }

    [Fact]
    public void Headline_of_repeats_only_is_a_reminder()
    {
        var n = Contoso(1, Change(3, AlertSeverity.Critical, AlertChangeKind.Repeated, job: "FS01"));

        Assert.Equal("REMINDER CRITICAL 1 firing at Contoso Ltd / Head office: FS01 failed", NotificationText.Headline(n));
    }

    [Fact]
    public void Headline_says_resolved_when_nothing_fires()
    {
        var n = Contoso(1, Change(2, AlertSeverity.Critical, AlertChangeKind.Resolved));

        Assert.Equal("RESOLVED at Contoso Ltd / Head office: SQL01 nightly failed", NotificationText.Headline(n));
    }

    [Fact]
    public void Headline_orders_names_by_number_not_by_character_and_counts_the_rest()
    {
        var n = Contoso(1, Change(1, job: "job 10"), Change(2, job: "job 2"), Change(3, job: "job 1"), Change(4, job: "job 11"), Change(5, job: "job 3"));

        Assert.Equal("CRITICAL 5 firing at Contoso Ltd / Head office: job 1 failed, job 2 failed, job 3 failed and 2 more", NotificationText.Headline(n));
    }

    [Fact]
    public void Headline_is_one_line_whatever_the_names_hold()
    {
        var n = Contoso(1, Change(1, job: "SQL01\r\nBcc: someone@evil.example"));

        Assert.Equal("CRITICAL 1 firing at Contoso Ltd / Head office: SQL01 Bcc: someone@evil.example failed", NotificationText.Headline(n));
    }

    [Fact]
    public void Times_show_the_customers_zone_with_utc_beside_them()
    {
        var berlin = TimeZoneConverter.TZConvert.GetTimeZoneInfo("Europe/Berlin");
        var at = new DateTimeOffset(2026, 12, 7, 23, 41, 0, TimeSpan.Zero);

        Assert.Equal("2026-12-08 00:41 +01:00 (2026-12-07 23:41 UTC)", NotificationText.Time(at, berlin));
        Assert.Equal("2026-07-01 05:41 +02:00 (03:41 UTC)", NotificationText.Time(new DateTimeOffset(2026, 7, 1, 3, 41, 0, TimeSpan.Zero), berlin));
        Assert.Equal("2026-12-07 23:41 UTC", NotificationText.Time(at, TimeZoneInfo.Utc));
    }

    [Theory]
    [InlineData("job 2", "job 10", -1)]
    [InlineData("job:1", "job:10", -1)]
    [InlineData("job:11", "job:10", 1)]
    [InlineData("SQL01", "sql01", -1)]
    [InlineData("a007", "a7", -1)]
    [InlineData("FS01", "SQL01", -1)]
    public void Natural_order_compares_digit_runs_by_value(string x, string y, int sign) =>
        Assert.Equal(sign, Math.Sign(NaturalOrder.Instance.Compare(x, y)));
}
