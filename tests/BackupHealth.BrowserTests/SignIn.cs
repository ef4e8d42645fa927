using BackupHealth.Collector.Tests.Support;
using BackupHealth.Collector.Web.Auth;
using BackupHealth.IntegrationTests;
using Microsoft.Playwright;

namespace BackupHealth.BrowserTests;

/// <summary>Signs a page in through the real sign-in form, as a person would; the user is created in the
/// collector's store first when missing.</summary>
internal static class SignIn
{
    public static async Task AsAsync(IPage page, CollectorServer collector, string username = WebUsers.AdminName, string role = Roles.Admin,
        params string[] customers)
    {
        await WebUsers.EnsureAsync(collector.Services, username, role, customers);
        await page.GotoAsync(new Uri(collector.Web, "/signin").ToString());
        await page.GetByLabel("User name").FillAsync(username);
        await page.GetByLabel("Password").FillAsync(WebUsers.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        // The navigation header is there only for a signed-in user (a web-first assertion: it retries, and does not
        // wait for load events that a page's live event stream can delay).
        await Assertions.Expect(page.Locator("header.top")).ToBeVisibleAsync(new() { Timeout = 15_000 });
    }
}
