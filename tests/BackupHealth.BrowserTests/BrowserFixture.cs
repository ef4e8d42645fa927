using System.Security.Cryptography;
using BackupHealth.Testing;
using Microsoft.Playwright;

namespace BackupHealth.BrowserTests;

/// <summary>One Chromium for the whole test run (starting it is the slow part); each test takes a fresh context, so
/// no cookie or storage leaks from one test to the next.</summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    private readonly TempDirectory _ca = new("bh-browser-ca");
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("The browser fixture has not started.");

    public async Task InitializeAsync()
    {
        var executable = ChromiumLocator.Find();

        // Belt and braces: nothing may fetch a browser at run time; the executable path above is the only browser.
        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");

        // A context's API requests (context.APIRequest) are made by Playwright's Node driver, not by Chromium: Node
        // trusts the test CA in addition to its own roots through this variable, read when the driver starts.
        Environment.SetEnvironmentVariable("NODE_EXTRA_CA_CERTS", TestTls.WriteCa(_ca.Path));
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = executable,
            Headless = true,
            // Chromium refuses its sandbox as root (CI containers); an unprivileged user keeps it.
            Args = IsRoot() ? ["--no-sandbox", TrustTestServer] : [TrustTestServer],
        });
    }

    /// <summary>The test collectors present <see cref="TestTls.Server"/> (signed by a CA made for this run, which the
    /// browser cannot be told to trust): Chromium accepts that one key, and no other certificate error.</summary>
    private static string TrustTestServer =>
        "--ignore-certificate-errors-spki-list=" + Convert.ToBase64String(SHA256.HashData(TestTls.Server.PublicKey.ExportSubjectPublicKeyInfo()));

    public Task<IBrowserContext> NewContextAsync() =>
        Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 800 } });

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
        }

        _playwright?.Dispose();
        _ca.Dispose();
    }

    private static bool IsRoot() =>
        OperatingSystem.IsLinux() && File.ReadLines("/proc/self/status").Any(l => l.StartsWith("Uid:\t0\t", StringComparison.Ordinal));
}
