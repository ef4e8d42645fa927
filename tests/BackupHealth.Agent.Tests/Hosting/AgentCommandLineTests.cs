using BackupHealth.Agent.Hosting;

namespace BackupHealth.Agent.Tests.Hosting;

public sealed class AgentCommandLineTests
{
    [Fact]
    public void No_arguments_means_run()
    {
        Assert.Equal(new AgentCommandLine(AgentVerb.Run), AgentCommandLine.Parse([]));
    }

    [Fact]
    public void Run_accepts_a_config_file()
    {
        Assert.Equal(new AgentCommandLine(AgentVerb.Run, "a.json"), AgentCommandLine.Parse(["run", "--config", "a.json"]));
        Assert.Equal(new AgentCommandLine(AgentVerb.Run, "b.json"), AgentCommandLine.Parse(["--config=b.json"]));
    }

    [Fact]
    public void Check_accepts_config_and_json()
    {
        Assert.Equal(new AgentCommandLine(AgentVerb.Check, "a.json", Json: true), AgentCommandLine.Parse(["check", "--json", "--config", "a.json"]));
    }

    [Fact]
    public void Verify_takes_a_file_and_json()
    {
        Assert.Equal(new AgentCommandLine(AgentVerb.Verify, File: "web01.xva"), AgentCommandLine.Parse(["verify", "web01.xva"]));
        Assert.Equal(new AgentCommandLine(AgentVerb.Verify, Json: true, File: "/srv/x.xva"), AgentCommandLine.Parse(["verify", "--json", "/srv/x.xva"]));
    }

    [Fact]
    public void Enroll_reads_the_token_from_a_file_or_stdin()
    {
        Assert.Equal(new AgentCommandLine(AgentVerb.Enroll, "a.json", TokenFile: "-"), AgentCommandLine.Parse(["enrol", "--token-file", "-", "--config", "a.json"]));
        Assert.Equal(new AgentCommandLine(AgentVerb.Enroll, TokenFile: "/run/t"), AgentCommandLine.Parse(["enroll", "--token-file=/run/t"]));
    }

    [Fact]
    public void Usage_describes_verify()
    {
        Assert.Contains("backuphealth-agent verify FILE.xva [--json]", AgentCommandLine.Usage, StringComparison.Ordinal);
    }

    [Fact]
    public void Help_wins()
    {
        Assert.Equal(AgentVerb.Help, AgentCommandLine.Parse(["check", "-h"]).Verb);
        Assert.Equal(AgentVerb.Help, AgentCommandLine.Parse(["--help"]).Verb);
        Assert.Equal(AgentVerb.Help, AgentCommandLine.Parse(["verify", "-?"]).Verb);
    }

    [Theory]
    [InlineData(new[] { "start" }, "unknown verb 'start' (known: run, check, verify, enroll, install, uninstall)", 2)]
    [InlineData(new[] { "run", "--json" }, "unknown argument '--json' for run", 2)]
    [InlineData(new[] { "check", "--config" }, "--config needs a file name", 3)]
    [InlineData(new[] { "check", "--verbose" }, "unknown argument '--verbose' for check", 3)]
    [InlineData(new[] { "verify" }, "verify needs the .xva file to verify", 3)]
    [InlineData(new[] { "verify", "a.xva", "b.xva" }, "unknown argument 'b.xva' for verify", 3)]
    [InlineData(new[] { "verify", "a.xva", "--config", "x.json" }, "unknown argument '--config' for verify", 3)]
    [InlineData(new[] { "check", "a.xva" }, "unknown argument 'a.xva' for check", 3)]
    [InlineData(new[] { "check", "@args.rsp" }, "unknown argument '@args.rsp' for check", 3)] // no response files
    [InlineData(new[] { "--version" }, "unknown argument '--version' for run", 2)] // nothing the usage does not show
    [InlineData(new[] { "check", "--config", " " }, "--config needs a file name", 3)]
    [InlineData(new[] { "check", "--config", "--json" }, "--config needs a file name", 3)]
    [InlineData(new[] { "enroll" }, "enroll needs --token-file FILE (or --token-file - to read the token from stdin)", 2)]
    [InlineData(new[] { "enroll", "--token-file" }, "--token-file needs a file name, or - to read the token from stdin", 2)]
    [InlineData(new[] { "enroll", "--token-file", "t", "--token", "bhe_x" }, AgentCommandLine.TokenOnCommandLine, 2)]
    [InlineData(new[] { "enrol", "--token=bhe_x" }, AgentCommandLine.TokenOnCommandLine, 2)]
    public void Bad_arguments_give_an_error_and_the_verb_exit_code(string[] args, string error, int exitCode)
    {
        var parsed = AgentCommandLine.Parse(args);

        Assert.StartsWith(error, parsed.Error, StringComparison.Ordinal);
        Assert.Equal(exitCode, parsed.ConfigurationErrorExitCode);
    }
}
