using System.Text.Json;
using BackupHealth.Agent.Hosting;
using BackupHealth.Testing;

namespace BackupHealth.Agent.Tests.Hosting;

/// <summary>The run verb refuses to start on bad configuration; it never reaches the collector in these tests.</summary>
public sealed class RunVerbTests : IDisposable
{
    private readonly TempDirectory _temp = new("run");

    public void Dispose() => _temp.Dispose();

    private async Task<(int ExitCode, string Err)> Run(string agentJson)
    {
        var path = _temp.Combine("agent.json");
        await File.WriteAllTextAsync(path, $$"""{ "Agent": {{agentJson}}, "Probes": [] }""");
        using var stderr = new StringWriter();
        var exitCode = await RunVerb.RunAsync(new AgentCommandLine(AgentVerb.Run, path), stderr);
        return (exitCode, stderr.ToString());
    }

    [Fact]
    public async Task Missing_token_exits_2_naming_the_setting()
    {
        var (exitCode, errors) = await Run($$"""{ "DataPath": {{JsonSerializer.Serialize(_temp.Combine("data"))}} }""");

        Assert.Equal(2, exitCode);
        Assert.StartsWith("error: Agent:Token: is required to run", errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_bad_setting_is_listed_before_exiting_2()
    {
        var (exitCode, errors) = await Run("""{ "Token": "t", "CollectorUrl": "ftp://x", "MaxInFlightBatches": 0 }""");

        Assert.Equal(2, exitCode);
        var lines = errors.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        string[] expected =
        [
            "error: Agent:CollectorUrl: must be an absolute http or https URI",
            "error: Agent:MaxInFlightBatches: The field MaxInFlightBatches must be between 1 and 1000.",
        ];
        Assert.Equal(expected, lines.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Unusable_data_folder_exits_2_naming_DataPath()
    {
        var file = _temp.Combine("a-file");
        await File.WriteAllTextAsync(file, "not a folder");

        var (exitCode, errors) = await Run($$"""{ "Token": "t", "DataPath": {{JsonSerializer.Serialize(Path.Combine(file, "data"))}} }""");

        Assert.Equal(2, exitCode);
        Assert.StartsWith("error: Agent:DataPath: cannot use", errors, StringComparison.Ordinal);
    }
}
