using System.Diagnostics;
using BackupHealth.Testing;

namespace BackupHealth.Benchmarks.Soak;

/// <summary>The collector program in its own process, as an operator runs it (so its memory and descriptors are its
/// own, not the simulated agents'), on a fresh data folder with the test CA's certificate.</summary>
internal sealed class SoakCollector : IAsyncDisposable
{
    public const string SiteToken = "soak-site-token-0123456789";

    private readonly Process _process;
    private readonly string _folder;

    private SoakCollector(Process process, string folder, Uri grpc, Uri web)
    {
        _process = process;
        _folder = folder;
        GrpcUri = grpc;
        WebUri = web;
    }

    public Uri GrpcUri { get; }

    public Uri WebUri { get; }

    public int ProcessId => _process.Id;

    public static async Task<SoakCollector> StartAsync()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"bh-soak-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        var grpc = new Uri($"https://127.0.0.1:{LoopbackPorts.GetFree()}");
        var web = new Uri($"https://127.0.0.1:{LoopbackPorts.GetFree()}");
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "backuphealth-collector.dll"));
        var settings = new Dictionary<string, string?>(TestTls.CollectorSettings(folder))
        {
            ["Collector:DataPath"] = Path.Combine(folder, "data"),
            ["Collector:GrpcUrl"] = grpc.ToString(),
            ["Collector:WebUrl"] = web.ToString(),
            ["Collector:Sites:0:Customer"] = "Soak Customer",
            ["Collector:Sites:0:Site"] = "Soak Site",
            ["Collector:Sites:0:AgentTokens:0"] = SiteToken,
            ["Collector:AllowSiteTokens"] = "true", // a thousand simulated agents are not enrolled one by one
            ["Logging:LogLevel:Default"] = "Warning",
            ["DOTNET_ENVIRONMENT"] = "Production",
        };
        foreach (var (key, value) in settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("the collector did not start");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { Console.Error.WriteLine($"collector: {e.Data}"); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var collector = new SoakCollector(process, folder, grpc, web);
        using var client = TestTls.Client(web);
        await Poll.UntilAsync(async () =>
        {
            try
            {
                using var ready = await client.GetAsync(new Uri("/health/ready", UriKind.Relative));
                return ready.IsSuccessStatusCode;
            }
            catch (HttpRequestException) when (!process.HasExited)
            {
                return false;
            }
        }, "the collector to be ready", TimeSpan.FromMinutes(2));
        return collector;
    }

    /// <summary>Resident memory in bytes and open file descriptors of the collector process (Linux /proc).</summary>
    public (long? Rss, int? Descriptors) Footprint()
    {
        var fd = $"/proc/{_process.Id}/fd";
        return (MachineInfo.ResidentBytes(_process.Id), Directory.Exists(fd) ? Directory.GetFileSystemEntries(fd).Length : null);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        Directory.Delete(_folder, recursive: true);
    }
}
