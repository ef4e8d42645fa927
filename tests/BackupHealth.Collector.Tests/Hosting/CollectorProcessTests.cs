using System.Net;
using System.Net.Sockets;
using BackupHealth.Testing;

namespace BackupHealth.Collector.Tests.Hosting;

/// <summary>The collector program as an operator runs it: its own process, default logging, output as printed.</summary>
public sealed class CollectorProcessTests : IDisposable
{
    private readonly TempDirectory _folder = new("bh-collector-process");

    public void Dispose() => _folder.Dispose();

    /// <summary>Ports 0 and a data folder in the test's folder, so a collector that starts by mistake harms nothing.</summary>
    private Task<ChildProcess.Result> RunAsync(params string[] args) =>
        ChildProcess.RunDllAsync("backuphealth-collector.dll", args, _folder.Path, new Dictionary<string, string?>
        {
            ["Collector__GrpcUrl"] = "https://127.0.0.1:0",
            ["Collector__WebUrl"] = "https://127.0.0.1:0",
            ["Collector__DataPath"] = _folder.Combine("data"),
            ["DOTNET_ENVIRONMENT"] = "Production",
        });

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    public async Task Help_prints_the_verbs_and_options_and_starts_nothing(string option)
    {
        var run = await RunAsync(option);

        Assert.True(run.ExitCode == 0, run.ToString());
        foreach (var word in new[] { "add-user", "set-password", "create-api-token", "install", "uninstall", "--config FILE", "--Collector:" })
        {
            Assert.Contains(word, run.Stdout, StringComparison.Ordinal);
        }

        Assert.Empty(Directory.GetFileSystemEntries(_folder.Path));
    }

    [Theory]
    [InlineData(new[] { "frobnicate" }, "error: unknown verb 'frobnicate'")]
    [InlineData(new[] { "--Colector:DataPath=elsewhere" }, "error: unknown option '--Colector:DataPath'")]
    [InlineData(new[] { "--verbose" }, "error: unknown option '--verbose'")]
    [InlineData(new[] { "create-api-token", "--username", "ann", "--name", "x", "--usrname", "bo" }, "error: unknown option '--usrname'")]
    public async Task An_unknown_verb_or_option_is_an_error_naming_it(string[] args, string error)
    {
        var run = await RunAsync(args);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.StartsWith(error, run.Stderr, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(_folder.Path));
    }

    [Fact]
    public async Task A_bad_setting_prints_only_the_line_naming_it_and_exits_2()
    {
        var run = await RunAsync("--Collector:MaxClockSkew=30.00:00:00", "--Collector:Sites:0:Customer=Contoso Ltd", "--Collector:Sites:0:Site=Head office",
            "--Collector:Sites:0:AgentTokens:0=short");

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Equal("", run.Stdout);
        Assert.Equal(
            [
                "backuphealth-collector cannot start:",
                "  Collector:MaxClockSkew: The field CollectorOptions.MaxClockSkew must be between 00:00:00 and 7.00:00:00.",
                "  Collector:Sites:0:AgentTokens:0: must be at least 16 characters",
            ],
            Lines(run.Stderr));
    }

    [Fact]
    public async Task A_setting_of_the_wrong_type_is_one_line_naming_it()
    {
        var run = await RunAsync("--Collector:MaxClockSkew=soon");

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Equal("", run.Stdout);
        Assert.Equal(["backuphealth-collector cannot start:", "  Collector:MaxClockSkew: 'soon' is not a valid TimeSpan"], Lines(run.Stderr));
    }

    [Fact]
    public async Task At_Debug_a_bad_setting_also_prints_the_stack_trace()
    {
        var run = await RunAsync("--Collector:MaxClockSkew=30.00:00:00", "--Logging:LogLevel:Default=Debug");

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("  Collector:MaxClockSkew: ", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("   at ", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_port_in_use_is_one_line_naming_the_setting_and_the_port()
    {
        using var other = new TcpListener(IPAddress.Loopback, 0);
        other.Start();
        var port = ((IPEndPoint)other.LocalEndpoint).Port;

        var run = await RunAsync($"--Collector:WebUrl=https://127.0.0.1:{port}");

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Equal(
            ["backuphealth-collector cannot start:", $"  Collector:WebUrl: https://127.0.0.1:{port} is in use by another program; choose a free port (e.g. --Collector:WebUrl=https://127.0.0.1:PORT)"],
            Lines(run.Stderr));
        Assert.DoesNotContain("   at ", run.Stdout, StringComparison.Ordinal);
    }
}
