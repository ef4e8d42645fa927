extern alias agent;

using System.Diagnostics;
using System.Globalization;
using agent::BackupHealth.Agent.Probes.Xva;
using BackupHealth.VendorFakes.Xva;

namespace BackupHealth.Benchmarks;

/// <summary>XVA verification throughput next to the hashing limit: the verifier in process against <c>xxhsum -H1</c>
/// (XXH64) and <c>sha1sum</c> over the same file, warm page cache, best of two; and the verifier's memory for two
/// archive sizes (allocated bytes, and growth of the peak working set during the run).</summary>
internal static class XvaBenchmark
{
    private const long GiB = 1024L * 1024 * 1024;
    private const int Runs = 2;

    public static async Task RunAsync(int[] sizesGiB)
    {
        var folder = Path.Combine(Path.GetTempPath(), $"bh-bench-xva-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        try
        {
            Console.WriteLine($"load average before: {LoadAverage()}");
            var largest = sizesGiB[^1];
            Console.WriteLine($"Plain tar, 1 MiB chunks of incompressible data; warm page cache; best of {Runs} runs each. Rate = file bytes / wall time.");
            Console.WriteLine();
            Console.WriteLine("| archive | verifier (MB/s) | CLI tool, same file (MB/s) | verifier / tool | read + hash in process, 1 MiB buffer (MB/s) | verifier / that |");
            Console.WriteLine("|---|---:|---:|---:|---:|---:|");
            foreach (var (kind, tool, toolArgs) in new[] { (XvaChecksumKind.XxHash, "xxhsum", "-H1"), (XvaChecksumKind.Sha1, "sha1sum", "") })
            {
                var path = Write(folder, kind, largest);
                await ReadOnceAsync(path);
                var verifier = Best(() => Time(() => Verify(path)));
                var limit = Best(() => Time(() => RunTool(tool, toolArgs, path)));
                var hashOnly = Best(() => Time(() => ReadAndHash(path, kind)));
                var bytes = new FileInfo(path).Length;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {largest} GiB, {(kind == XvaChecksumKind.XxHash ? "xxhash (XXH64)" : "SHA-1")} | {bytes / verifier / 1e6:N0} | {bytes / limit / 1e6:N0} (`{$"{tool} {toolArgs}".Trim()}`) | {limit / verifier:P0} | {bytes / hashOnly / 1e6:N0} | {hashOnly / verifier:P0} |"));
                File.Delete(path);
            }

            Console.WriteLine();
            Console.WriteLine("| archive | GC allocated during verification | peak working set growth | time |");
            Console.WriteLine("|---|---:|---:|---:|");
            foreach (var size in sizesGiB)
            {
                var path = Write(folder, XvaChecksumKind.XxHash, size);
                await ReadOnceAsync(path);
                Verify(path);
                var (allocated, peakGrowth, seconds) = Memory(path);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {size} GiB, xxhash | {allocated / 1024.0:N0} KiB | {(peakGrowth is { } p ? $"{p / 1048576.0:N1} MiB" : "n/a")} | {seconds:F2} s |"));
                File.Delete(path);
            }

            Console.WriteLine();
            Console.WriteLine($"load average after: {LoadAverage()}");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static string Write(string folder, XvaChecksumKind kind, int sizeGiB)
    {
        var path = Path.Combine(folder, $"bench-{kind}-{sizeGiB}g.xva");
        new XvaWriter { VmName = "bench", Checksum = kind, Disks = [XvaTestDisk.Random("Ref:3", sizeGiB * GiB, seed: 7)] }.Write(path);
        return path;
    }

    private static void Verify(string path)
    {
        var result = XvaVerifier.Verify(path, null, CancellationToken.None);
        if (!result.Passed)
        {
            throw new InvalidOperationException($"benchmark archive failed verification: {result.Reason}");
        }
    }

    /// <summary>The bare limit in this runtime: read the file in 1 MiB pieces and hash each, nothing else.</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA5350", Justification = "The XVA format's corruption check")]
    private static void ReadAndHash(string path, XvaChecksumKind kind)
    {
        var buffer = new byte[1024 * 1024];
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, FileOptions.SequentialScan);
        Span<byte> sha1 = stackalloc byte[20];
        int read;
        while ((read = file.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false)) > 0)
        {
            if (kind == XvaChecksumKind.XxHash)
            {
                System.IO.Hashing.XxHash64.HashToUInt64(buffer.AsSpan(0, read));
            }
            else
            {
                System.Security.Cryptography.SHA1.HashData(buffer.AsSpan(0, read), sha1);
            }
        }
    }

    /// <summary>Reads the file once so every timed run finds it in the page cache.</summary>
    private static async Task ReadOnceAsync(string path)
    {
        var buffer = new byte[4 * 1024 * 1024];
        await using var file = File.OpenRead(path);
        while (await file.ReadAsync(buffer) > 0)
        {
        }
    }

    private static (long Allocated, long? PeakGrowth, double Seconds) Memory(string path)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var peakReset = ResetPeakResidentSet();
        using var self = Process.GetCurrentProcess();
        self.Refresh();
        var before = self.WorkingSet64;
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var seconds = Time(() => Verify(path));
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        self.Refresh();
        return (allocated, peakReset ? self.PeakWorkingSet64 - before : null, seconds);
    }

    /// <summary>Linux: writing 5 to /proc/self/clear_refs resets the peak resident set (VmHWM) to the current one.</summary>
    private static bool ResetPeakResidentSet()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static void RunTool(string tool, string arguments, string path)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (arguments.Length > 0)
        {
            start.ArgumentList.Add(arguments);
        }

        start.ArgumentList.Add(path);
        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEndAsync();
        process.StandardOutput.ReadToEnd();
        _ = errors.Result;
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{tool} exited {process.ExitCode}");
        }
    }

    private static double Time(Action action)
    {
        var started = Stopwatch.GetTimestamp();
        action();
        return Stopwatch.GetElapsedTime(started).TotalSeconds;
    }

    private static double Best(Func<double> measure) => Enumerable.Range(0, Runs).Select(_ => measure()).Min();

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
}
