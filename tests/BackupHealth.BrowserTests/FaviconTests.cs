using BackupHealth.IntegrationTests;
using BackupHealth.Testing;
using Microsoft.Playwright;

namespace BackupHealth.BrowserTests;

/// <summary>The browser finds the collector's icon on every page, and no request of a page ends in a 404 or a console
/// error (a missing favicon was the one error a new user saw in the console).</summary>
[Collection(BrowserTestGroup.Name)]
public sealed class FaviconTests(BrowserFixture browser) : IAsyncLifetime
{
    private static readonly string[] Pages = ["/signin", "/", "/grid", "/grid/problems", "/alerts", "/agents", "/coverage", "/users", "/account"];

    private readonly ErrorLogCollector _collectorErrors = new();
    private readonly TempDirectory _temp = new("bh-browser-favicon");
    private CollectorServer _collector = null!;

    public async Task InitializeAsync() => _collector = await CollectorServer.StartAsync(_temp.Combine("collector"), _collectorErrors);

    public async Task DisposeAsync()
    {
        await _collector.DisposeAsync();
        _temp.Dispose();
    }

    [Fact]
    public async Task Every_page_names_an_icon_that_is_served_and_the_browser_meets_no_404()
    {
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        var failures = new List<string>();
        page.Response += (_, response) =>
        {
            if (response.Status >= 400)
            {
                lock (failures)
                {
                    failures.Add($"{response.Status} {response.Url}");
                }
            }
        };
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                lock (failures)
                {
                    failures.Add($"console: {message.Text}");
                }
            }
        };
        await SignIn.AsAsync(page, _collector);

        foreach (var path in Pages)
        {
            await page.GotoAsync(new Uri(_collector.Web, path).ToString());
            var href = await page.Locator("head link[rel='icon']").GetAttributeAsync("href");
            Assert.False(string.IsNullOrEmpty(href), $"{path} names no icon");
            var icon = await page.APIRequest.GetAsync(new Uri(new Uri(page.Url), href).ToString());
            Assert.Equal((200, "image/svg+xml"), (icon.Status, icon.Headers["content-type"]));
            Assert.Contains("<svg", await icon.TextAsync(), StringComparison.Ordinal);
        }

        // Where browsers, bookmarks and feed readers look without asking a page: a real ICO file.
        var ico = await page.APIRequest.GetAsync(new Uri(_collector.Web, "/favicon.ico").ToString());
        Assert.Equal((200, "image/x-icon"), (ico.Status, ico.Headers["content-type"]));
        Assert.Equal(new byte[] { 0, 0, 1, 0 }, (await ico.BodyAsync())[..4]);
        lock (failures)
        {
            Assert.Empty(failures);
        }

        _collectorErrors.AssertNone();
    }
}
