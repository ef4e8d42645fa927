using System.Net;
using System.Net.Http.Headers;
using BackupHealth.Collector.Tests.Support;
using BackupHealth.Collector.Web.Auth;
using BackupHealth.IntegrationTests;
using BackupHealth.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace BackupHealth.BrowserTests;

/// <summary>The users page (admins) and the account page (everyone): who may see what, passwords and API tokens,
/// each checked by what a person then can or cannot do.</summary>
[Collection(BrowserTestGroup.Name)]
public sealed class UsersPageTests(BrowserFixture browser)
{
    private const string ViewerPassword = "fabrikam viewer passphrase";
    private const string NewPassword = "a brand new passphrase";

    private readonly ErrorLogCollector _collectorErrors = new();

    [Fact]
    public async Task Admin_creates_a_viewer_limited_to_one_customer_who_sees_only_that_customer()
    {
        await using var site = await InventorySite.StartAsync(_collectorErrors);
        await site.ReportAsync(CollectorServer.Token, "xen01", InventorySite.Inventory(("c-1", "contoso-vm", "Running")));
        await site.ReportAsync(InventorySite.FabrikamToken, "xen02", InventorySite.Inventory(("f-1", "fabrikam-vm", "Running")));
        await using var adminContext = await browser.NewContextAsync();
        var admin = await adminContext.NewPageAsync();
        await SignIn.AsAsync(admin, site.Collector);

        await admin.GotoAsync(Url(site, "/users"));
        var form = admin.Locator("form#create-user");
        await form.GetByLabel("User name").FillAsync("fab-viewer");
        await form.GetByLabel("Role").SelectOptionAsync(Roles.Viewer);
        await form.GetByLabel("Customers").SelectOptionAsync([InventorySite.Fabrikam]);
        await form.GetByLabel("Initial password").FillAsync(ViewerPassword);
        await form.GetByLabel("Repeat").FillAsync(ViewerPassword);
        await form.GetByRole(AriaRole.Button, new() { Name = "Create user" }).ClickAsync();

        await Assertions.Expect(admin.GetByRole(AriaRole.Status)).ToHaveTextAsync("User fab-viewer created.");
        var row = admin.Locator("tr[data-user='fab-viewer']");
        await Assertions.Expect(row.Locator("td").Nth(1)).ToHaveTextAsync(Roles.Viewer);
        await Assertions.Expect(row.Locator("td").Nth(2)).ToHaveTextAsync(InventorySite.Fabrikam);
        var stored = await site.Collector.Services.GetRequiredService<UserAccounts>().FindAsync("fab-viewer", CancellationToken.None);
        Assert.Equal((Roles.Viewer, false, InventorySite.Fabrikam, "admin"),
            (stored!.Role, stored.Disabled, string.Join(", ", stored.Customers.Select(c => c.Name)), stored.CreatedBy));
        await Screenshots.SaveAsync(admin, "Users_page_after_creating_a_viewer");

        await using var viewerContext = await browser.NewContextAsync();
        var viewer = await viewerContext.NewPageAsync();
        await SignInWithAsync(viewer, site, "fab-viewer", ViewerPassword);
        await viewer.GotoAsync(Url(site, "/coverage"));

        await Assertions.Expect(viewer.GetByRole(AriaRole.Heading, new() { Name = InventorySite.Fabrikam })).ToBeVisibleAsync();
        await Assertions.Expect(viewer.Locator("td.vm-name .name")).ToHaveTextAsync(["fabrikam-vm"]);
        await Assertions.Expect(viewer.GetByText("contoso-vm")).ToHaveCountAsync(0);
        await Assertions.Expect(viewer.Locator("#f-customer option")).ToHaveTextAsync(["All customers", InventorySite.Fabrikam]);
        await Assertions.Expect(viewer.Locator("main form[method=post]")).ToHaveCountAsync(0);
        await Assertions.Expect(viewer.GetByRole(AriaRole.Link, new() { Name = "Users" })).ToHaveCountAsync(0);

        await viewer.GotoAsync(Url(site, "/coverage?customer=" + Uri.EscapeDataString(CollectorServer.Customer)));
        await Assertions.Expect(viewer.Locator("table.coverage")).ToHaveCountAsync(0);

        var forbidden = await viewer.GotoAsync(Url(site, "/users"));
        Assert.Equal(403, forbidden?.Status);
        await Assertions.Expect(viewer.GetByRole(AriaRole.Heading, new() { Name = "Not allowed" })).ToBeVisibleAsync();
        await Assertions.Expect(viewer.GetByText("fab-viewer", new() { Exact = true })).ToHaveCountAsync(1);
        _collectorErrors.AssertNone();
    }

    [Fact]
    public async Task The_last_admin_cannot_demote_themselves()
    {
        await using var site = await InventorySite.StartAsync(_collectorErrors);
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await SignIn.AsAsync(page, site.Collector);

        await page.GotoAsync(Url(site, "/users"));
        var row = page.Locator($"tr[data-user='{WebUsers.AdminName}']");
        await row.GetByText("Edit").ClickAsync();
        await row.GetByLabel("Role").SelectOptionAsync(Roles.Viewer);
        await row.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("the last enabled admin who sees every customer cannot be disabled, limited or given another role");
        var stored = await site.Collector.Services.GetRequiredService<UserAccounts>().FindAsync(WebUsers.AdminName, CancellationToken.None);
        Assert.Equal(Roles.Admin, stored!.Role);
        _collectorErrors.AssertNone();
    }

    [Fact]
    public async Task A_user_changes_their_password_and_the_old_one_no_longer_signs_in()
    {
        await using var site = await InventorySite.StartAsync(_collectorErrors);
        await using var otherContext = await browser.NewContextAsync();
        var other = await otherContext.NewPageAsync();
        await SignIn.AsAsync(other, site.Collector, "tech", Roles.Technician);
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await SignIn.AsAsync(page, site.Collector, "tech", Roles.Technician);

        await page.GotoAsync(Url(site, "/account"));
        await page.GetByLabel("Current password").FillAsync(WebUsers.Password);
        await page.GetByLabel("New password (").FillAsync(NewPassword);
        await page.GetByLabel("Repeat the new password").FillAsync(NewPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Change password" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Password changed. Your other sessions and your API tokens have ended.");
        await page.GotoAsync(Url(site, "/account"));
        Assert.EndsWith("/account", page.Url, StringComparison.Ordinal);
        await other.GotoAsync(Url(site, "/account"));
        Assert.Contains("/signin", other.Url, StringComparison.Ordinal);

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Assertions.Expect(page.GetByLabel("User name")).ToBeVisibleAsync();
        await page.GetByLabel("User name").FillAsync("tech");
        await page.GetByLabel("Password").FillAsync(WebUsers.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Wrong user name or password.");

        await SignInWithAsync(page, site, "tech", NewPassword);
        await page.GotoAsync(Url(site, "/account"));
        await Assertions.Expect(page.Locator("header .who a")).ToHaveTextAsync("tech");
        _collectorErrors.AssertNone();
    }

    [Fact]
    public async Task Api_token_created_on_the_account_page_works_until_revoked()
    {
        await using var site = await InventorySite.StartAsync(_collectorErrors);
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await SignIn.AsAsync(page, site.Collector, "scripts", Roles.Viewer);

        await page.GotoAsync(Url(site, "/account"));
        await page.GetByLabel("Name of a new token").FillAsync("monitoring");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create token" }).ClickAsync();

        var token = (await page.Locator("#new-token").InnerTextAsync()).Trim();
        Assert.StartsWith(UserAccounts.ApiTokenPrefix, token, StringComparison.Ordinal);
        await Assertions.Expect(page.Locator("pre.secret")).ToHaveTextAsync($"curl -H \"Authorization: Bearer {token}\" {new Uri(site.Collector.Web, "/api/v1/jobs")}");
        using var client = TestTls.Client(site.Collector.Web);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/api/v1/jobs", UriKind.Relative))).StatusCode);

        var row = page.Locator("table.tokens tbody tr", new() { HasText = "monitoring" });
        await row.GetByRole(AriaRole.Button, new() { Name = "Revoke" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Token revoked: requests with it are refused from now on.");
        await Assertions.Expect(page.Locator("#new-token")).ToHaveCountAsync(0);
        await Assertions.Expect(row.GetByRole(AriaRole.Button, new() { Name = "Revoke" })).ToHaveCountAsync(0);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync(new Uri("/api/v1/jobs", UriKind.Relative))).StatusCode);
        _collectorErrors.AssertNone();
    }

    private static string Url(InventorySite site, string path) => new Uri(site.Collector.Web, path).ToString();

    /// <summary>The sign-in form with a password of the test's own (<see cref="SignIn.AsAsync"/> uses the shared one).</summary>
    private static async Task SignInWithAsync(IPage page, InventorySite site, string username, string password)
    {
        await page.GotoAsync(Url(site, "/signin"));
        await page.GetByLabel("User name").FillAsync(username);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(page.Locator("header.top")).ToBeVisibleAsync(new() { Timeout = 15_000 });
    }
}
