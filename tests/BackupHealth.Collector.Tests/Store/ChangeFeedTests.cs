using BackupHealth.Collector.Store;

namespace BackupHealth.Collector.Tests.Store;

public sealed class ChangeFeedTests
{
    private static readonly string[] Contoso = ["Contoso Ltd"];

    [Fact]
    public void A_limited_listeners_version_moves_only_with_its_customers_changes()
    {
        var feed = new ChangeFeed();

        feed.Publish(ChangeScope.OfCustomer("Fabrikam"));
        feed.Publish(ChangeScope.Unlimited);
        Assert.Equal((0L, 2L), (feed.VersionFor(Contoso), feed.VersionFor(null)));

        feed.Publish(ChangeScope.OfCustomer("Contoso Ltd"));
        Assert.Equal((1L, 3L), (feed.VersionFor(Contoso), feed.VersionFor(null)));
        Assert.Equal(1L, feed.VersionFor(["Fabrikam", "Northwind"]));
        Assert.Equal(0L, feed.VersionFor([]));
    }

    [Fact]
    public void A_change_of_several_customers_wakes_listeners_once_and_counts_for_each()
    {
        var feed = new ChangeFeed();
        var next = feed.NextAsync(CancellationToken.None);

        feed.Publish(["Contoso Ltd", "Fabrikam"]);

        Assert.True(next.IsCompletedSuccessfully);
        Assert.Equal((1L, 1L, 1L), (feed.VersionFor(Contoso), feed.VersionFor(["Fabrikam"]), feed.Version));
        var quiet = feed.NextAsync(CancellationToken.None);
        feed.Publish([]);
        Assert.False(quiet.IsCompleted);
    }
}
