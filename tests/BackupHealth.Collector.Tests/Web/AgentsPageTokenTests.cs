using BackupHealth.Collector.Hosting;
using BackupHealth.Collector.Tests.Support;
using BackupHealth.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace BackupHealth.Collector.Tests.Web;

public sealed class AgentsPageTokenTests
{
    [Fact]
    public async Task A_token_removed_from_configuration_is_shown_revoked_without_the_hint_to_remove_it()
    {
        using var data = new TempDirectory("bh-agents-tokens");
        var (first, _, _) = TestCollector.Build(data);
        await using (first)
        {
            await first.StartAsync();
            await first.StopAsync();
        }

        // Fabrikam's token replaced: the old one is revoked at this start, the new one is active.
        var (app, _, errors) = TestCollector.Build(data, s => s["Collector:Sites:1:AgentTokens:0"] = "fabrikam-branch-token-0003");
        await using var _ = app;
        await app.StartAsync();
        await WebUsers.EnsureAsync(app.Services, WebUsers.AdminName);
        using var session = new FormSession(app.Services.GetRequiredService<CollectorEndpoints>().Web);
        using var signedIn = await session.SignInAsync(WebUsers.AdminName, WebUsers.Password);

        var page = await session.Client.GetStringAsync(new Uri("/agents", UriKind.Relative));

        Assert.Equal(1, Occurrences(page, "badge disabled\">revoked"));
        Assert.Equal(2, Occurrences(page, "remove it from Collector:Sites to revoke it"));
        await app.StopAsync();
        errors.AssertNone();
    }

    private static int Occurrences(string text, string part) => text.Split(part).Length - 1;
}
