using BackupHealth.Testing;

namespace BackupHealth.Agent.Tests.Hosting;

/// <summary>The agent program as an operator (or Nagios) runs it: its own process, output as printed.</summary>
public sealed class AgentProcessTests : IDisposable
{
    private readonly TempDirectory _folder = new("bh-agent-process");

    public void Dispose() => _folder.Dispose();

    private Task<ChildProcess.Result> RunAsync(params string[] args) =>
        ChildProcess.RunDllAsync("backuphealth-agent.dll", args, _folder.Path, new Dictionary<string, string?>
        {
            ["Agent__DataPath"] = _folder.Combine("data"),
            ["Agent__CollectorUrl"] = "https://127.0.0.1:9",
        });

    private string BadConfig()
    {
        var path = _folder.Combine("agent.json");
        File.WriteAllText(path, """{ "Agent": { "Token": "t", "HeartbeatInterval": "soon" }, "Probes": [ { "Type": "filez", "Name": "x" } ] }""");
        return path;
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    public async Task Help_prints_the_verbs_and_options_and_starts_nothing(string option)
    {
        var run = await RunAsync(option);

        Assert.True(run.ExitCode == 0, run.ToString());
        foreach (var word in new[] { "run", "check", "verify", "install", "uninstall", "--config FILE", "--json" })
        {
            Assert.Contains(word, run.Stdout, StringComparison.Ordinal);
        }

        Assert.False(Directory.Exists(_folder.Combine("data")));
    }

    [Theory]
    [InlineData(new[] { "start" }, "error: unknown verb 'start'")]
    [InlineData(new[] { "run", "--verbose" }, "error: unknown argument '--verbose' for run")]
    public async Task An_unknown_verb_or_option_is_an_error_naming_it(string[] args, string error)
    {
        var run = await RunAsync(args);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.StartsWith(error, run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_with_bad_settings_prints_only_the_lines_naming_them_and_exits_2()
    {
        var run = await RunAsync("run", "--config", BadConfig());

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Equal("", run.Stdout);
        var lines = run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.Equal("error: Agent:HeartbeatInterval: 'soon' is not a valid TimeSpan (e.g. 00:05:00 or 1.02:00:00)", lines[0]);
        Assert.StartsWith("error: Probes:0:Type: unknown probe type 'filez'", lines[1], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--config")]
    [InlineData("--bogus")]
    public async Task Check_that_cannot_run_answers_with_a_plugin_status_line_first(string badArgument)
    {
        var args = badArgument == "--config" ? new[] { "check", "--config", BadConfig() } : ["check", badArgument];

        var run = await RunAsync(args);

        Assert.True(run.ExitCode == 3, run.ToString());
        var first = run.Stdout.Split('\n')[0];
        Assert.StartsWith("BACKUPHEALTH UNKNOWN - cannot check: ", first, StringComparison.Ordinal);
        Assert.Contains(badArgument == "--config" ? "Agent:HeartbeatInterval" : "'--bogus'", first, StringComparison.Ordinal);
    }
}
