using BackupHealth.Collector.Tests.Support;
using BackupHealth.Collector.Web.Auth;
using BackupHealth.IntegrationTests;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace BackupHealth.BrowserTests;

/// <summary>A forged POST with everything right but the role: the user opens a page with forms as a technician and
/// keeps its anti-forgery token, an admin makes them a viewer (which ends the session), and they sign in again as
/// the viewer. The token still matches their anti-forgery cookie and user id, so only the page's role check can
/// refuse the replayed form.</summary>
internal static class DemotedUser
{
    public static async Task<string> SignInKeepingATechniciansFormTokenAsync(IPage page, CollectorServer collector, string username, string pageWithForms)
    {
        await SignIn.AsAsync(page, collector, username, Roles.Technician);
        await page.GotoAsync(new Uri(collector.Web, pageWithForms).ToString());
        var token = await page.Locator("form[method='post'] input[name='__RequestVerificationToken']").First.GetAttributeAsync("value");
        Assert.False(string.IsNullOrEmpty(token), $"{pageWithForms} shows a technician no form with an anti-forgery token");

        await WebUsers.EnsureAsync(collector.Services, WebUsers.AdminName); // the store keeps at least one admin
        var users = collector.Services.GetRequiredService<UserAccounts>();
        var user = await users.FindAsync(username, CancellationToken.None);
        var change = await users.UpdateAsync(user!.Id, Roles.Viewer, false, []);
        Assert.Equal(ChangeStatus.Done, change.Status);
        await SignIn.AsAsync(page, collector, username, Roles.Viewer);
        return token!;
    }
}
