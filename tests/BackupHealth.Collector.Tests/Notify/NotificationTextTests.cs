using BackupHealth.Collector.Notify;
using BackupHealth.Collector.Rules;
using static BackupHealth.Collector.Tests.Notify.SampleNotifications;

namespace BackupHealth.Collector.Tests.Notify;

public sealed class NotificationTextTests
{
    [Fact]
    public void Headline_leads_with_the_most_severe_firing_alert_and_counts_the_rest()
    {
        var n = Contoso(1, Change(1, AlertSeverity.Warning, title: "SQL02 missed"), Change(2, AlertSeverity.Critical, AlertChangeKind.Resolved),
            Change(3, AlertSeverity.Critical, AlertChangeKind.Repeated, title: "FS01 failed"));

        Assert.Equal("CRITICAL Contoso Ltd / Head office: FS01 failed (+2 more)", NotificationText.Headline(n));
    }

    [Fact]
    public void Headline_says_resolved_when_nothing_fires()
    {
        var n = Contoso(1, Change(2, AlertSeverity.Critical, AlertChangeKind.Resolved));

        Assert.Equal("RESOLVED Contoso Ltd / Head office: SQL01 nightly failed", NotificationText.Headline(n));
    }

    [Fact]
    public void Headline_is_one_line_whatever_the_title_holds()
    {
        var n = Contoso(1, Change(1, title: "SQL01\r\nBcc: someone@evil.example"));

        Assert.Equal("CRITICAL Contoso Ltd / Head office: SQL01 Bcc: someone@evil.example", NotificationText.Headline(n));
    }

    [Theory]
    [InlineData(0, "0 B")]
    [InlineData(999, "999 B")]
    [InlineData(1_500, "1.5 kB")]
    [InlineData(182_000_000_000, "182.0 GB")]
    [InlineData(3_200_000_000_000, "3.2 TB")]
    public void Sizes_read_in_decimal_units(long bytes, string expected) => Assert.Equal(expected, NotificationText.Size(bytes));
}
