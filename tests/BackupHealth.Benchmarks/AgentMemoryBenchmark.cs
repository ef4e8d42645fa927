using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace BackupHealth.Benchmarks;

/// <summary>The real agent (Release build output) connected to a real collector, five files probes, idle: resident
/// memory and CPU over the idle period.</summary>
internal static class AgentMemoryBenchmark
{
    public static async Task RunAsync(TimeSpan idle)
    {
        await using var collector = await CollectorUnderTest.StartAsync();
        var folder = Path.Combine(Path.GetTempPath(), $"bh-bench-agent-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        try
        {
            var probes = Enumerable.Range(1, 5).Select(i =>
            {
                var dir = Path.Combine(folder, "site", $"job{i}");
                Directory.CreateDirectory(dir);
                for (var d = 0; d < 7; d++)
                {
                    var file = Path.Combine(dir, $"job{i}-{d}.bak");
                    File.WriteAllBytes(file, new byte[128 * 1024]);
                    File.SetLastWriteTimeUtc(file, DateTime.UtcNow.AddDays(-d));
                }

                return new { Type = "files", Name = $"job{i}", Path = dir, Pattern = "*.bak", Interval = "00:01:00" };
            }).ToArray();
            var config = Path.Combine(folder, "agent.json");
            await File.WriteAllTextAsync(config, JsonSerializer.Serialize(new
            {
                Agent = new { Id = "bench-agent", DataPath = Path.Combine(folder, "data"), CollectorUrl = collector.GrpcUri.ToString(), CollectorCaFile = collector.CaFile, Token = collector.Token },
                Probes = probes,
            }));

            var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            start.ArgumentList.Add(AgentDll());
            start.ArgumentList.Add("run");
            start.ArgumentList.Add("--config");
            start.ArgumentList.Add(config);
            start.Environment["Logging__LogLevel__Default"] = "Warning";
            using var agent = Process.Start(start)!;
            agent.OutputDataReceived += (_, _) => { };
            agent.ErrorDataReceived += (_, _) => { };
            agent.BeginOutputReadLine();
            agent.BeginErrorReadLine();

            // Let it connect, run every probe once and deliver, then measure the idle period.
            var settle = Stopwatch.StartNew();
            while (collector.CountObservations() < 35 && settle.Elapsed < TimeSpan.FromSeconds(60))
            {
                await Task.Delay(200);
            }

            var cpuBefore = MachineInfo.CpuSeconds(agent.Id) ?? 0;
            var clock = Stopwatch.StartNew();
            long peak = 0;
            long last = 0;
            while (clock.Elapsed < idle)
            {
                await Task.Delay(1000);
                last = MachineInfo.ResidentBytes(agent.Id) ?? 0;
                peak = Math.Max(peak, last);
            }

            var cpu = (MachineInfo.CpuSeconds(agent.Id) ?? 0) - cpuBefore;
            agent.Kill(entireProcessTree: true);
            await agent.WaitForExitAsync();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"agent (framework-dependent, `dotnet backuphealth-agent.dll`), 5 files probes, idle {idle.TotalSeconds:F0} s after delivering {collector.CountObservations()} observations: RSS {last / 1048576.0:F1} MiB (peak {peak / 1048576.0:F1} MiB), CPU {cpu:F2} s = {cpu / idle.TotalSeconds:P2} of one core"));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static string AgentDll()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "BackupHealth.sln")))
        {
            dir = dir.Parent;
        }

        var dll = Path.Combine(dir?.FullName ?? ".", "agent", "BackupHealth.Agent", "bin", "Release", "net10.0", "backuphealth-agent.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException("Build the agent in Release first (build.ps1 bench does).", dll);
    }
}
