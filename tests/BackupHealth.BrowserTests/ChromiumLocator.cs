namespace BackupHealth.BrowserTests;

/// <summary>Finds Debian's Chromium: the tests drive the browser the test step installs, never one Playwright
/// would download.</summary>
internal static class ChromiumLocator
{
    public const string EnvironmentVariable = "BACKUPHEALTH_CHROMIUM";

    private static readonly string[] Names = ["chromium", "chromium-browser"];

    /// <summary>The executable from <see cref="EnvironmentVariable"/>, else the first <c>chromium</c> on PATH.</summary>
    public static string Find()
    {
        var configured = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return File.Exists(configured)
                ? configured
                : throw new InvalidOperationException(
                    $"{EnvironmentVariable} is set to '{configured}', which does not exist. Unset it, or run: dotnet pwsh ./build.ps1 test, which installs Debian's chromium.");
        }

        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (var folder in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            foreach (var name in Names)
            {
                var candidate = Path.Combine(folder, name);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        throw new InvalidOperationException(
            $"Chromium was not found on PATH (nor set in {EnvironmentVariable}). The browser tests drive Debian's Chromium; run: dotnet pwsh ./build.ps1 test, which installs Debian's chromium.");
    }
}
