using BackupHealth.Collector.Coverage;
using BackupHealth.IntegrationTests;
using BackupHealth.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace BackupHealth.BrowserTests;

[Collection(BrowserTestGroup.Name)]
public sealed class CoveragePageTests(BrowserFixture browser)
{
    private const string AppUuid = "3f2a9c1e-5b7d-4e8a-9c0f-1a2b3c4d5e6f";
    private const string TestUuid = "c0ffee00-1234-4abc-8def-0123456789ab";
    private const string HostileName = "<script>window.__xss=1</script><b>bold</b>";

    private readonly ErrorLogCollector _collectorErrors = new();

    [Fact]
    public async Task Unprotected_vm_comes_first_and_an_admin_excludes_it()
    {
        await using var site = await InventorySite.StartAsync(_collectorErrors);
        await site.ReportAsync(CollectorServer.Token, "xen01",
            InventorySite.Inventory((AppUuid, "app01", "Running"), (TestUuid, "zz-test", "Running")),
            InventorySite.Backup("app-1", "export/app01", "app01"));
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();

        await SignIn.AsAsync(page, site.Collector);
        var response = await page.GotoAsync(new Uri(site.Collector.Web, "/coverage").ToString());

        Assert.Equal(200, response?.Status);
        Assert.Equal("Coverage · BackupHealth", await page.TitleAsync());
        var rows = page.Locator("table.coverage tbody tr");
        await Assertions.Expect(rows).ToHaveCountAsync(2);
        await Assertions.Expect(rows.Nth(0).Locator("td.vm-name .name")).ToHaveTextAsync("zz-test");
        await Assertions.Expect(rows.Nth(0).Locator(".badge")).ToHaveTextAsync("unprotected");
        await Assertions.Expect(rows.Nth(1).Locator(".badge")).ToHaveTextAsync("protected");
        await Assertions.Expect(rows.Nth(1)).ToContainTextAsync("app01 nightly");
        await Assertions.Expect(page.Locator("a[data-state=unprotected]")).ToHaveTextAsync("unprotected 1");
        await Assertions.Expect(page.Locator("a[data-state=protected]")).ToHaveTextAsync("protected 1");

        var test = page.Locator($"tr[data-vm='{TestUuid}']");
        await test.GetByText("Change").ClickAsync();
        await test.GetByLabel("Reason").FillAsync("test VM, rebuilt from a template");
        await test.GetByRole(AriaRole.Button, new() { Name = "Exclude" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("VM excluded from coverage");
        await Assertions.Expect(test.Locator(".badge")).ToHaveTextAsync("excluded");
        await Assertions.Expect(test.Locator("td.reason")).ToContainTextAsync("excluded by admin");
        await Assertions.Expect(page.Locator("a[data-state=unprotected]")).ToHaveTextAsync("unprotected 0");
        await Assertions.Expect(rows.Nth(0).Locator("td.vm-name .name")).ToHaveTextAsync("app01");
        var exclusion = Assert.Single(await site.Collector.Services.GetRequiredService<CoverageQueries>().GetExclusionsAsync(CancellationToken.None));
        Assert.Equal((CollectorServer.Customer, CollectorServer.Site, TestUuid, "test VM, rebuilt from a template", "admin"),
            (exclusion.Customer, exclusion.Site, exclusion.ItemId, exclusion.Reason, exclusion.By));
        await Screenshots.SaveAsync(page, nameof(Unprotected_vm_comes_first_and_an_admin_excludes_it));
        _collectorErrors.AssertNone();
    }

    [Fact]
    public async Task Vm_name_with_script_and_markup_renders_as_text()
    {
        await using var site = await InventorySite.StartAsync(_collectorErrors);
        await site.ReportAsync(CollectorServer.Token, "xen01", InventorySite.Inventory((TestUuid, HostileName, "Running")));
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        var dialogs = new List<string>();
        page.Dialog += (_, dialog) =>
        {
            lock (dialogs)
            {
                dialogs.Add(dialog.Message);
            }

            _ = dialog.DismissAsync();
        };

        await SignIn.AsAsync(page, site.Collector);
        await page.GotoAsync(new Uri(site.Collector.Web, "/coverage").ToString());

        await Assertions.Expect(page.Locator("td.vm-name .name")).ToHaveTextAsync(HostileName);
        Assert.Equal("undefined", await page.EvaluateAsync<string>("() => typeof window.__xss"));
        Assert.Equal(0, await page.Locator("body b").CountAsync());
        Assert.Equal(0, await page.Locator("body script").CountAsync());
        lock (dialogs)
        {
            Assert.Empty(dialogs);
        }

        _collectorErrors.AssertNone();
    }
}
