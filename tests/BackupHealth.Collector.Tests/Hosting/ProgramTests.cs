using BackupHealth.Collector.Host;
using BackupHealth.Collector.Hosting;
using BackupHealth.Testing;

namespace BackupHealth.Collector.Tests.Hosting;

public sealed class ProgramTests
{
    [Fact]
    public async Task Bad_config_prints_the_settings_and_exits_with_code_2()
    {
        using var data = new TempDirectory();
        var (exitCode, output) = await RunAsync(
            [
                $"--Collector:DataPath={data.Combine("store")}",
                "--Collector:GrpcUrl=https://127.0.0.1:0",
                "--Collector:WebUrl=https://127.0.0.1:0",
                "--Collector:MaxClockSkew=30.00:00:00",
                "--Collector:Sites:0:Customer=Contoso Ltd",
                "--Collector:Sites:0:Site=Head office",
                "--Collector:Sites:0:AgentTokens:0=short",
                "--Logging:LogLevel:Default=None",
            ]);

        Assert.Equal(2, exitCode);
        Assert.StartsWith("backuphealth-collector cannot start:", output, StringComparison.Ordinal);
        Assert.Contains("  Collector:MaxClockSkew: ", output, StringComparison.Ordinal);
        Assert.Contains("  Collector:Sites:0:AgentTokens:0: must be at least 16 characters", output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_store_provider_stops_the_start_naming_the_setting_and_the_choices()
    {
        using var data = new TempDirectory();
        var (exitCode, output) = await RunAsync(
            [
                $"--Collector:DataPath={data.Combine("store")}",
                "--Collector:GrpcUrl=https://127.0.0.1:0",
                "--Collector:WebUrl=https://127.0.0.1:0",
                "--Collector:Store:Provider=oracle",
                "--Logging:LogLevel:Default=None",
            ]);

        Assert.Equal(2, exitCode);
        Assert.Contains("  Collector:Store:Provider: 'oracle' is not a store this collector has; choose one of: sqlite", output, StringComparison.Ordinal);
        Assert.False(Directory.Exists(data.Combine("store")));
    }

    /// <summary>Runs the collector as Program does and returns its exit code and what it printed to standard error.</summary>
    private static async Task<(int ExitCode, string Error)> RunAsync(string[] args)
    {
        var stderr = new StringWriter();
        var original = Console.Error;
        Console.SetError(stderr);
        try
        {
            return (await CollectorHost.RunAsync(args, ShippedStores.All), stderr.ToString());
        }
        finally
        {
            Console.SetError(original);
        }
    }
}
