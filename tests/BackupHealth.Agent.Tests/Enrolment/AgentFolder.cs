using System.Text.Json;
using BackupHealth.Agent.Enrolment;
using BackupHealth.Agent.Hosting;
using BackupHealth.Testing;

namespace BackupHealth.Agent.Tests.Enrolment;

/// <summary>An agent's configuration file and data folder in a temporary folder, and <c>enroll</c> run against them.</summary>
internal sealed class AgentFolder : IDisposable
{
    public const string AgentId = "agent-7";

    private readonly TempDirectory _temp = new("enrol");

    public AgentFolder()
    {
        File.WriteAllText(ConfigFile, $$"""{ "Agent": { "DataPath": {{JsonSerializer.Serialize(DataPath)}}, "Id": "{{AgentId}}" }, "Probes": [] }""");
    }

    public string DataPath => _temp.Combine("data");

    public string ConfigFile => _temp.Combine("agent.json");

    public AgentIdentity Identity => new(DataPath);

    public string WriteToken(string token)
    {
        var path = _temp.Combine("enrolment.token");
        File.WriteAllText(path, token + "\n");
        return path;
    }

    public async Task<(int ExitCode, string Out, string Err)> EnrolAsync(string tokenFile, string stdin = "")
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await EnrolVerb.RunAsync(
            new AgentCommandLine(AgentVerb.Enroll, ConfigFile, TokenFile: tokenFile), new StringReader(stdin), output, error, CancellationToken.None);
        return (exitCode, output.ToString().Trim(), error.ToString().Trim());
    }

    /// <summary>Enrols with <paramref name="collector"/> and fails the test unless that worked.</summary>
    public async Task EnrolWithAsync(FakeCollector collector)
    {
        var (exitCode, _, error) = await EnrolAsync(WriteToken(collector.Token()));
        Assert.True(exitCode == 0, error);
    }

    /// <summary>The agent's settings as run reads them (enrolment's file included).</summary>
    public AgentOptions Options() => EnrolVerb.Options(ConfigFile);

    public void Dispose() => _temp.Dispose();
}
