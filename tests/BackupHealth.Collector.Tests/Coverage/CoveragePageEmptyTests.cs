using BackupHealth.Collector.Tests.Support;
using BackupHealth.Collector.Tests.Web;

namespace BackupHealth.Collector.Tests.Coverage;

/// <summary>The coverage page before any hypervisor reported an inventory says what to configure, not a finding.</summary>
public sealed class CoveragePageEmptyTests
{
    private static async Task<string> PageAsync(TestCollector collector, string path)
    {
        await WebUsers.EnsureAsync(collector.App.Services, WebUsers.AdminName);
        using var session = new FormSession(collector.Endpoints.Web);
        using var _ = await session.SignInAsync(WebUsers.AdminName, WebUsers.Password);
        return await session.Client.GetStringAsync(new Uri(path, UriKind.Relative));
    }

    [Fact]
    public async Task Without_an_inventory_the_page_says_what_to_configure_and_counts_nothing()
    {
        await using var collector = await TestCollector.StartAsync();

        var page = await PageAsync(collector, "/coverage");

        Assert.Contains("No hypervisor has reported its VMs yet", page, StringComparison.Ordinal);
        Assert.Contains("<code>xenserver</code>", page, StringComparison.Ordinal);
        Assert.DoesNotContain("unprotected 0", page, StringComparison.Ordinal);
        Assert.DoesNotContain("No VM matches", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_filter_that_matches_nothing_says_so_and_offers_every_VM()
    {
        await using var collector = await TestCollector.StartAsync();

        var page = await PageAsync(collector, "/coverage?q=nothing-like-this");

        Assert.Contains("No VM matches these filters.", page, StringComparison.Ordinal);
        Assert.DoesNotContain("No hypervisor has reported", page, StringComparison.Ordinal);
    }
}
