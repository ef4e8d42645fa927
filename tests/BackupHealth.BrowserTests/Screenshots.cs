using Microsoft.Playwright;

namespace BackupHealth.BrowserTests;

/// <summary>Screenshots in artifacts/screenshots under the repository root, where the build's other artifacts go and
/// the README's images come from: the full page, or only the viewport (a small image of what a screen shows first).</summary>
internal static class Screenshots
{
    public static async Task SaveAsync(IPage page, string testName, bool fullPage = true)
    {
        var folder = Path.Combine(RepositoryRoot(), "artifacts", "screenshots");
        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, testName + ".png"), FullPage = fullPage });
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "BackupHealth.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No BackupHealth.sln above {AppContext.BaseDirectory}: cannot place screenshots.");
    }
}
