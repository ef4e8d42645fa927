using System.Text.Json;
using BackupHealth.Agent.Enrolment;
using BackupHealth.Agent.Hosting;
using BackupHealth.Agent.Tests.Hosting.Install;
using BackupHealth.ServiceInstall;
using BackupHealth.Testing;

namespace BackupHealth.Agent.Tests.Enrolment;

/// <summary><c>install --token-file</c>: enrols into the data folder the installed service will use, then installs.</summary>
public sealed class EnrolAndInstallTests
{
    [LinuxFact]
    public async Task Install_with_a_token_file_enrols_into_the_service_data_folder_and_needs_no_url_or_token()
    {
        using var root = new InstallRoot();
        await using var collector = await FakeCollector.StartAsync();
        var tokenFile = root.Combine("enrolment.token");
        await File.WriteAllTextAsync(tokenFile, collector.Token());
        var output = new StringWriter();
        var error = new StringWriter();

        var exit = await EnrolAndInstall.RunAsync(["install", "--token-file", tokenFile, "--root", root.Path],
            AgentService.Definition, () => new RecordingSystemCommands(root.Path), new StringReader(""), output, error);

        // Enrolled; then install itself refuses, as it does for any program run through the dotnet host (the tests').
        Assert.Equal(1, exit);
        Assert.Contains("run install from the published program", error.ToString(), StringComparison.Ordinal);
        Assert.StartsWith($"enrolled as {Environment.MachineName} of {FakeCollector.Customer} / {FakeCollector.Site}", output.ToString(), StringComparison.Ordinal);
        Assert.False(File.Exists(tokenFile));
        var identity = new AgentIdentity(root.Combine("var/lib/backuphealth-agent"));
        Assert.True(identity.Exists);
        using var settings = JsonDocument.Parse(await File.ReadAllTextAsync(identity.SettingsFile));
        Assert.Equal("/var/lib/backuphealth-agent/identity/collector-ca.crt", settings.RootElement.GetProperty("Agent").GetProperty("CollectorCaFile").GetString());
    }

    [Fact]
    public async Task A_bad_install_command_line_enrols_nothing()
    {
        using var temp = new TempDirectory("enrol-install");
        var tokenFile = temp.Combine("enrolment.token");
        await File.WriteAllTextAsync(tokenFile, FakeCollector.MakeToken("https://127.0.0.1:1", null, "s"));
        var error = new StringWriter();

        var exit = await EnrolAndInstall.RunAsync(["install", "--token-file", tokenFile, "--bogus"],
            AgentService.Definition, () => throw new InvalidOperationException("nothing runs"), new StringReader(""), new StringWriter(), error);

        Assert.Equal(2, exit);
        Assert.StartsWith("error: unknown argument '--bogus' for install", error.ToString(), StringComparison.Ordinal);
        Assert.True(File.Exists(tokenFile));
    }

    [Fact]
    public void After_enrolment_the_configuration_template_needs_neither_url_nor_token()
    {
        using var temp = new TempDirectory("enrol-install");
        var layout = ServiceLayout.Linux(AgentService.Definition) with { Root = temp.Path };
        var request = new InstallRequest("/usr/local/bin/backuphealth-agent", null, new Dictionary<string, string>());
        Assert.Throws<ServiceInstallException>(() => ServiceConfigFile.Content(AgentService.Definition, layout, request));

        var content = ServiceConfigFile.Content(EnrolAndInstall.AfterEnrolment(AgentService.Definition), layout, request);

        Assert.Equal("""{"Agent":{"DataPath":"/var/lib/backuphealth-agent"}}""", JsonSerializer.Serialize(JsonDocument.Parse(content!).RootElement));
    }

    [Fact]
    public void Only_install_with_a_token_file_enrols() =>
        Assert.Equal(
            [true, true, false, false],
            new[] { "install --token-file t", "install --token-file=t", "install --token t", "uninstall" }.Select(a => EnrolAndInstall.Applies(a.Split(' '))));
}
