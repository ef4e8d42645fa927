using BackupHealth.Testing;
using Microsoft.Playwright;

namespace BackupHealth.BrowserTests;

[Collection(BrowserTestGroup.Name)]
public sealed class FirstPageTests(BrowserFixture browser)
{
    private const string HostileName = "<script>window.__xss=1</script><b>bold</b>";

    private readonly ErrorLogCollector _collectorErrors = new();

    [Fact]
    public async Task First_page_lists_the_jobs_the_agent_reported()
    {
        var jobs = new Dictionary<string, string>
        {
            ["sql-nightly"] = "SQL nightly full",
            ["fileserver"] = "File server share",
        };
        await using var site = await ReportingAgent.StartAsync(jobs, _collectorErrors);
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();

        await SignIn.AsAsync(page, site.Collector);
        var response = await page.GotoAsync(site.Collector.Web.ToString());

        Assert.Equal(200, response?.Status);
        Assert.Equal("Overview · BackupHealth", await page.TitleAsync());
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Contoso Ltd" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Head office" })).ToBeVisibleAsync();
        var jobCells = page.Locator("table:has(th:text-is('Job')) tbody tr td:nth-child(2)");
        Assert.Equal(jobs.Values.Order(StringComparer.Ordinal), (await jobCells.AllInnerTextsAsync()).Order(StringComparer.Ordinal));
        await Assertions.Expect(page.GetByRole(AriaRole.Cell, new() { Name = "browser-host-01", Exact = true }).First).ToBeVisibleAsync();
        await Screenshots.SaveAsync(page, nameof(First_page_lists_the_jobs_the_agent_reported));
        _collectorErrors.AssertNone();
    }

    [Fact]
    public async Task Job_name_with_script_and_markup_renders_as_text()
    {
        await using var site = await ReportingAgent.StartAsync(new Dictionary<string, string> { ["hostile"] = HostileName }, _collectorErrors);
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
        await page.GotoAsync(site.Collector.Web.ToString());

        await Assertions.Expect(page.GetByRole(AriaRole.Cell, new() { Name = HostileName, Exact = true })).ToBeVisibleAsync();
        Assert.Equal("undefined", await page.EvaluateAsync<string>("() => typeof window.__xss"));
        Assert.Equal(0, await page.Locator("body b").CountAsync());
        Assert.Equal(0, await page.Locator("body script").CountAsync());
        lock (dialogs)
        {
            Assert.Empty(dialogs);
        }

        await Screenshots.SaveAsync(page, nameof(Job_name_with_script_and_markup_renders_as_text));
        _collectorErrors.AssertNone();
    }
}
