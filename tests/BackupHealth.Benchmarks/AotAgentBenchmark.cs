using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using BackupHealth.VendorFakes.Xva;

namespace BackupHealth.Benchmarks;

/// <summary>The published NativeAOT agent (build.ps1 publish) against a real collector with five probes — four
/// <c>files</c> probes and one <c>xva</c> probe, each every minute — first idle, then while it verifies an XVA export
/// dropped into the xva probe's folder. Linux only: memory and CPU come from /proc.</summary>
internal static class AotAgentBenchmark
{
    private const int FilesProbes = 4;
    private const int FilesPerProbe = 7;
    private const long GiB = 1024L * 1024 * 1024;

    public static async Task RunAsync(string agentPath, TimeSpan idle, int exportGiB)
    {
        if (!File.Exists(agentPath))
        {
            throw new FileNotFoundException($"No published agent at {agentPath}: run build.ps1 publish -Runtime linux-x64 first, or pass --agent PATH.", agentPath);
        }

        await using var collector = await CollectorUnderTest.StartAsync();
        var folder = Path.Combine(Path.GetTempPath(), $"bh-bench-aot-{Guid.NewGuid():N}");
        var exports = Path.Combine(folder, "exports");
        Directory.CreateDirectory(exports);
        try
        {
            var config = Path.Combine(folder, "agent.json");
            await File.WriteAllTextAsync(config, JsonSerializer.Serialize(new
            {
                Agent = new { Id = "bench-aot-agent", DataPath = Path.Combine(folder, "data"), CollectorUrl = collector.GrpcUri.ToString(), CollectorCaFile = collector.CaFile, collector.Token },
                Probes = FilesProbesIn(folder).Append<object>(new { Type = "xva", Name = "xen-exports", Path = exports, Pattern = "*.xva", Interval = "00:01:00" }).ToArray(),
            }));

            using var agent = Start(agentPath, config);
            var expected = FilesProbes * FilesPerProbe;
            await WaitForAsync(() => collector.CountObservations() >= expected, TimeSpan.FromSeconds(60), $"{expected} observations from the files probes");
            Console.WriteLine($"agent: {agentPath} ({new FileInfo(agentPath).Length / 1048576.0:F1} MiB), NativeAOT; {FilesProbes} files probes ({FilesPerProbe} files each) + 1 xva probe, every 1 min; default logging (Information, console)");
            Console.WriteLine($"load average before: {LoadAverage()}");

            var idleFigures = await MeasureIdleAsync(agent.Id, idle);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"idle {idle.TotalMinutes:F1} min after delivering {collector.CountObservations()} observations: RSS at end {Mib(idleFigures.LastRss)} (anonymous {Mib(Required(MachineInfo.StatusBytes(agent.Id, "RssAnon")))}, file-backed {Mib(Required(MachineInfo.StatusBytes(agent.Id, "RssFile")))}), mean {Mib(idleFigures.MeanRss)}, max sampled {Mib(idleFigures.MaxRss)}; from minute 2 on: mean {Mib(idleFigures.SteadyMeanRss)}, max {Mib(idleFigures.SteadyMaxRss)} = {idleFigures.SteadyMaxRss / 1e6:F1} MB; VmHWM since start {Mib(idleFigures.Hwm)}; CPU {idleFigures.CpuSeconds:F2} s = {idleFigures.CpuSeconds / idle.TotalSeconds:P3} of one core"));
            Console.WriteLine($"load average after idle: {LoadAverage()}");

            var staged = Path.Combine(folder, "export.xva");
            new XvaWriter { VmName = "bench", Checksum = XvaChecksumKind.XxHash, Disks = [XvaTestDisk.Random("Ref:3", exportGiB * GiB, seed: 7)] }.Write(staged);
            File.SetLastWriteTimeUtc(staged, DateTime.UtcNow.AddMinutes(-10));
            var verify = await MeasureVerificationAsync(agent.Id, collector, staged, Path.Combine(exports, "bench.xva"));
            var bytes = new FileInfo(Path.Combine(exports, "bench.xva")).Length;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"verifying a {bytes / (double)GiB:F1} GiB XVA (xxhash, page cache warm): reading for {verify.ReadSeconds:F1} s = {bytes / verify.ReadSeconds / 1e6:N0} MB/s; CPU {verify.CpuSeconds:F2} s ({verify.CpuSeconds / verify.ReadSeconds:P0} of one core while reading); VmHWM during it {Mib(verify.Hwm)}, RSS after {Mib(verify.RssAfter)}"));
            Console.WriteLine($"load average after: {LoadAverage()}");

            agent.Kill(entireProcessTree: true);
            await agent.WaitForExitAsync();
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>The published executable under build.ps1 publish's layout for this machine.</summary>
    public static string DefaultAgentPath()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "BackupHealth.sln")))
        {
            dir = dir.Parent;
        }

        var rid = $"linux-{System.Runtime.InteropServices.RuntimeInformation.OSArchitecture.ToString().ToLowerInvariant()}";
        return Path.Combine(dir?.FullName ?? ".", "artifacts", "publish", $"backuphealth-agent-{rid}", "backuphealth-agent");
    }

    private static IEnumerable<object> FilesProbesIn(string folder) => Enumerable.Range(1, FilesProbes).Select(i =>
    {
        var dir = Path.Combine(folder, "site", $"job{i}");
        Directory.CreateDirectory(dir);
        for (var d = 0; d < FilesPerProbe; d++)
        {
            var file = Path.Combine(dir, $"job{i}-{d}.bak");
            File.WriteAllBytes(file, new byte[128 * 1024]);
            File.SetLastWriteTimeUtc(file, DateTime.UtcNow.AddDays(-d));
        }

        return (object)new { Type = "files", Name = $"job{i}", Path = dir, Pattern = "*.bak", Interval = "00:01:00" };
    });

    private static Process Start(string agentPath, string config)
    {
        var start = new ProcessStartInfo(agentPath) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("run");
        start.ArgumentList.Add("--config");
        start.ArgumentList.Add(config);
        var agent = Process.Start(start)!;
        agent.OutputDataReceived += (_, _) => { };
        agent.ErrorDataReceived += (_, _) => { };
        agent.BeginOutputReadLine();
        agent.BeginErrorReadLine();
        return agent;
    }

    /// <summary>Samples RSS every second. The steady figures leave out the first two minutes: start-up, the first
    /// memory trim (one minute after start, the shipped default) and the probe cycle after it.</summary>
    private static async Task<IdleFigures> MeasureIdleAsync(int pid, TimeSpan idle)
    {
        var steadyFrom = TimeSpan.FromMinutes(2);
        var cpuBefore = MachineInfo.CpuSeconds(pid) ?? 0;
        var clock = Stopwatch.StartNew();
        long sum = 0, max = 0, last = 0, samples = 0, steadySum = 0, steadyMax = 0, steadySamples = 0;
        while (clock.Elapsed < idle)
        {
            await Task.Delay(1000);
            last = Required(MachineInfo.StatusBytes(pid, "VmRSS"));
            sum += last;
            samples++;
            max = Math.Max(max, last);
            if (clock.Elapsed >= steadyFrom)
            {
                steadySum += last;
                steadySamples++;
                steadyMax = Math.Max(steadyMax, last);
            }
        }

        var cpu = (MachineInfo.CpuSeconds(pid) ?? 0) - cpuBefore;
        return new IdleFigures(last, sum / Math.Max(1, samples), max, steadySum / Math.Max(1, steadySamples), steadyMax,
            Required(MachineInfo.StatusBytes(pid, "VmHWM")), cpu);
    }

    private readonly record struct IdleFigures(long LastRss, long MeanRss, long MaxRss, long SteadyMeanRss, long SteadyMaxRss, long Hwm, double CpuSeconds);

    /// <summary>Moves the export into the probe's folder and waits for its observation. Reading time is from the
    /// first sample where the agent had read a MiB more (/proc/PID/io rchar) to the observation's arrival, so the
    /// wait for the probe's next run is not counted.</summary>
    private static async Task<(double ReadSeconds, double CpuSeconds, long Hwm, long RssAfter)> MeasureVerificationAsync(
        int pid, CollectorUnderTest collector, string staged, string target)
    {
        var before = collector.CountObservations();
        // Writing 5 to clear_refs resets the peak (VmHWM) to the current RSS, so the peak is the verification's.
        await File.WriteAllTextAsync($"/proc/{pid}/clear_refs", "5");
        var cpuBefore = MachineInfo.CpuSeconds(pid) ?? 0;
        var readBefore = MachineInfo.ReadChars(pid) ?? 0;
        File.Move(staged, target);
        var clock = Stopwatch.StartNew();
        TimeSpan? readingFrom = null;
        while (collector.CountObservations() <= before)
        {
            if (clock.Elapsed > TimeSpan.FromMinutes(10))
            {
                throw new TimeoutException("the xva probe's observation did not arrive within 10 minutes");
            }

            await Task.Delay(100);
            if (readingFrom is null && (MachineInfo.ReadChars(pid) ?? 0) - readBefore > 1024 * 1024)
            {
                readingFrom = clock.Elapsed;
            }
        }

        var readSeconds = (clock.Elapsed - (readingFrom ?? TimeSpan.Zero)).TotalSeconds;
        var cpu = (MachineInfo.CpuSeconds(pid) ?? 0) - cpuBefore;
        return (readSeconds, cpu, Required(MachineInfo.StatusBytes(pid, "VmHWM")), Required(MachineInfo.StatusBytes(pid, "VmRSS")));
    }

    private static async Task WaitForAsync(Func<bool> condition, TimeSpan timeout, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"timed out waiting for {what}");
            }

            await Task.Delay(200);
        }
    }

    private static long Required(long? value) => value ?? throw new InvalidOperationException("/proc is not readable: this benchmark runs on Linux");

    private static string Mib(long bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1048576.0:F1} MiB");

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
}
