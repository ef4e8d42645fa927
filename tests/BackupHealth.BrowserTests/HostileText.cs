using Microsoft.Playwright;

namespace BackupHealth.BrowserTests;

/// <summary>The check every page that shows names must pass: a name with a script and markup is shown as text, no
/// script ran, no element was made of it, no dialog opened.</summary>
internal sealed class HostileText
{
    public const string Name = "<script>window.__xss=1</script><b>bold</b>";

    private readonly List<string> _dialogs = [];

    public HostileText(IPage page)
    {
        page.Dialog += (_, dialog) =>
        {
            lock (_dialogs)
            {
                _dialogs.Add(dialog.Message);
            }

            _ = dialog.DismissAsync();
        };
    }

    public async Task AssertInertAsync(IPage page)
    {
        Assert.Equal("undefined", await page.EvaluateAsync<string>("() => typeof window.__xss"));
        Assert.Equal(0, await page.Locator("body b").CountAsync());
        Assert.Equal(0, await page.Locator("body script").CountAsync());
        lock (_dialogs)
        {
            Assert.Empty(_dialogs);
        }
    }
}
