using System.Text.Json;
using Microsoft.Playwright;

namespace BackupHealth.BrowserTests;

/// <summary>The e-mail's HTML part in a real browser engine, as a desktop mail program and a phone show it: it never
/// scrolls sideways on a phone, and every button is on the screen. The screenshots (viewport only) are the ones in
/// docs/notifications.md.</summary>
[Collection(BrowserTestGroup.Name)]
public sealed class EmailRenderingTests(BrowserFixture browser)
{
    private static readonly (string Name, int Width, int Height)[] Screens = [("desktop", 1280, 800), ("phone", 390, 844)];

    public static TheoryData<string> Mails => [.. SampleMails.Names];

    [Theory]
    [MemberData(nameof(Mails))]
    public async Task Mail_fits_a_phone_without_sideways_scrolling_and_shows_every_button(string mail)
    {
        var html = SampleMails.Html(mail);
        foreach (var (screen, width, height) in Screens)
        {
            // Not a mobile emulation: a phone browser would zoom out to fit a page that is too wide, and hide it.
            await using var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions
            {
                ViewportSize = new ViewportSize { Width = width, Height = height },
                DeviceScaleFactor = 1,
            });
            var page = await context.NewPageAsync();
            await page.SetContentAsync(html);

            var (scrollWidth, innerWidth) = await WidthsAsync(page);
            Assert.True(scrollWidth <= innerWidth, $"{mail} on a {screen}: the page is {scrollWidth} px wide in a window of {innerWidth} px");
            var buttons = page.GetByRole(AriaRole.Link);
            Assert.Equal(mail == SampleMails.Firing ? 6 : 2, await buttons.CountAsync());
            foreach (var button in await buttons.AllAsync())
            {
                await Assertions.Expect(button).ToBeVisibleAsync();
                var box = await button.BoundingBoxAsync();
                Assert.NotNull(box);
                Assert.True(box.X >= 0 && box.X + box.Width <= innerWidth && box.Height >= 30,
                    $"{mail} on a {screen}: button '{await button.InnerTextAsync()}' at x {box.X}, {box.Width} × {box.Height} px");
            }

            await Screenshots.SaveAsync(page, $"notify-email-{mail}-{screen}", fullPage: false);
        }
    }

    private static async Task<(int ScrollWidth, int InnerWidth)> WidthsAsync(IPage page)
    {
        var widths = await page.EvaluateAsync<JsonElement>("() => [document.documentElement.scrollWidth, window.innerWidth]");
        return (widths[0].GetInt32(), widths[1].GetInt32());
    }
}
