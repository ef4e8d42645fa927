using BackupHealth.Agent.Hosting;
using BackupHealth.ServiceInstall;
using BackupHealth.Testing;

namespace BackupHealth.Agent.Tests.Hosting.Install;

public sealed class ServiceCommandLineTests
{
    private static ServiceCommandLine Parse(params string[] args) => ServiceCommandLine.Parse(args, AgentService.Definition);

    [Fact]
    public void Install_options_fill_the_agent_settings_of_the_template()
    {
        var line = Parse("install", "--collector-url", "https://c.example:5180", "--token=bht_x", "--root", "img");

        Assert.True(line.Install);
        Assert.Null(line.Error);
        Assert.Equal(Path.GetFullPath("img"), line.Root);
        Assert.Equal(new Dictionary<string, string> { ["Agent:CollectorUrl"] = "https://c.example:5180", ["Agent:Token"] = "bht_x" }, line.TemplateValues);
    }

    [Fact]
    public void Uninstall_takes_purge()
    {
        var line = Parse("uninstall", "--purge");

        Assert.False(line.Install);
        Assert.True(line.Purge);
        Assert.Null(line.Error);
    }

    [Theory]
    [InlineData(new[] { "install", "--purge" }, "unknown argument '--purge' for install")]
    [InlineData(new[] { "uninstall", "--token", "x" }, "unknown argument '--token' for uninstall")]
    [InlineData(new[] { "install", "--token" }, "--token needs a value")]
    [InlineData(new[] { "install", "--root" }, "--root needs a folder")]
    [InlineData(new[] { "install", "--config", "a.json", "--token", "x" }, "--config installs the file as it is: put Agent:Token in it instead")]
    public void A_bad_command_line_is_named(string[] args, string error) => Assert.Equal(error, Parse(args).Error);

    [Fact]
    public async Task The_verb_prints_usage_and_exit_code_2_for_a_bad_command_line()
    {
        var output = new StringWriter();
        var error = new StringWriter();

        var exit = await ServiceVerb.RunAsync(["install", "--bogus"], AgentService.Definition, AgentService.Commands, output, error);

        Assert.Equal(2, exit);
        Assert.StartsWith("error: unknown argument '--bogus' for install", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("backuphealth-agent install [--config FILE | --collector-url URL --token TOKEN] [--root DIR]", error.ToString(), StringComparison.Ordinal);
    }

    [LinuxFact]
    public async Task Install_refuses_to_register_the_dotnet_host_as_the_service()
    {
        using var root = new InstallRoot();
        var output = new StringWriter();
        var error = new StringWriter();

        // The tests run inside the dotnet host: that is exactly the program a service must not start.
        var exit = await ServiceVerb.RunAsync(["install", "--root", root.Path, "--collector-url", "https://c", "--token", "t"],
            AgentService.Definition, () => new RecordingSystemCommands(root.Path), output, error);

        Assert.Equal(1, exit);
        Assert.Contains("run install from the published program", error.ToString(), StringComparison.Ordinal);
    }
}
