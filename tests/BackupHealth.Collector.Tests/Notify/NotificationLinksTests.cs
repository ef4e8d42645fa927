using BackupHealth.Collector.Notify.Links;

namespace BackupHealth.Collector.Tests.Notify;

public sealed class NotificationLinksTests
{
    [Theory]
    [InlineData("https://backups.example.com", "https://backups.example.com/alerts/42")]
    [InlineData("https://backups.example.com/", "https://backups.example.com/alerts/42")]
    [InlineData("https://msp.example/backups", "https://msp.example/backups/alerts/42")]
    [InlineData("https://msp.example:8443/backups/", "https://msp.example:8443/backups/alerts/42")]
    public void Links_keep_the_public_urls_path_with_or_without_a_trailing_slash(string publicUrl, string alert)
    {
        var links = new NotificationLinks(publicUrl);

        Assert.Equal(alert, links.Alert(42)!.AbsoluteUri);
        Assert.Equal(alert.Replace("alerts/42", "jobs/7", StringComparison.Ordinal), links.Job(7)!.AbsoluteUri);
        Assert.Equal(alert.Replace("alerts/42", "sites/3/grid", StringComparison.Ordinal), links.Site(3)!.AbsoluteUri);
    }

    [Fact]
    public void Without_a_public_url_there_are_no_links()
    {
        var links = new NotificationLinks("");

        Assert.False(links.Configured);
        Assert.Null(links.Alert(42));
        Assert.Null(links.Job(7));
    }
}
