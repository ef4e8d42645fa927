using System.Globalization;
using System.Runtime.InteropServices;
using BackupHealth.Benchmarks;

// Usage: dotnet run -c Release --project tests/BackupHealth.Benchmarks -- [ingest] [store] [agent-memory] [xva]
//        [dashboard] [--agents 1,100,1000] [--observations 200000] [--repeat 3] [--idle-seconds 60] [--xva-gib 1,4] [--iterations 200]
//        aot-agent [--minutes 10] [--export-gib 4] [--agent PATH]   (only when named; needs build.ps1 publish first)
//        soak [--soak-minutes 30] [--soak-quiet-minutes 3] [--soak-agents 1000] [--sign-ins-per-second 200]   (only when named)
// Prints markdown rows for docs/benchmarks.md.
var options = BenchOptions.Parse(args);
Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, {RuntimeInformation.ProcessArchitecture}, .NET {Environment.Version}");
Console.WriteLine($"cpu: {MachineInfo.CpuModel()}; memory: {MachineInfo.TotalMemory()}");
Console.WriteLine();

if (options.Run("ingest"))
{
    await IngestScenario.RunAsync(options);
}

if (options.Run("store"))
{
    Console.WriteLine();
    await StoreBenchmark.RunAsync(options.Agents, options.Observations);
}

if (options.Run("agent-memory"))
{
    Console.WriteLine();
    await AgentMemoryBenchmark.RunAsync(TimeSpan.FromSeconds(options.IdleSeconds));
}

if (options.Run("xva"))
{
    Console.WriteLine();
    await XvaBenchmark.RunAsync(options.XvaGiB);
}

if (options.Run("aot-agent"))
{
    Console.WriteLine();
    await AotAgentBenchmark.RunAsync(
        options.AgentPath.Length > 0 ? Path.GetFullPath(options.AgentPath) : AotAgentBenchmark.DefaultAgentPath(),
        TimeSpan.FromMinutes(options.Minutes),
        options.ExportGiB);
}

if (options.Run("soak"))
{
    Console.WriteLine();
    await BackupHealth.Benchmarks.Soak.SoakBenchmark.RunAsync(options);
}

if (options.Run("dashboard"))
{
    Console.WriteLine();
    await DashboardBenchmark.RunAsync(options.Iterations);
}

return 0;
