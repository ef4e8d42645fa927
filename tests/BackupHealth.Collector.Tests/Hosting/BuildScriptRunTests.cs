using System.Net;
using System.Net.Sockets;
using BackupHealth.Testing;

namespace BackupHealth.Collector.Tests.Hosting;

/// <summary><c>build.ps1 run</c> as a new user meets it (through <c>dotnet pwsh</c>, the README's command).</summary>
public sealed class BuildScriptRunTests
{
    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "build.ps1")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"no build.ps1 above {AppContext.BaseDirectory}");
    }

    [Theory]
    [InlineData("-WebPort")]
    [InlineData("-GrpcPort")]
    public async Task A_port_in_use_stops_run_before_building_with_one_line_naming_the_port_and_the_option(string option)
    {
        using var other = new TcpListener(IPAddress.Loopback, 0);
        other.Start();
        var busy = ((IPEndPoint)other.LocalEndpoint).Port;
        var free = LoopbackPorts.GetFree();
        var (web, grpc) = option == "-WebPort" ? (busy, free) : (free, busy);

        // Building takes many minutes; the port check comes before it, so three minutes (pwsh itself starts slowly on a busy machine) are plenty.
        var run = await ChildProcess.RunAsync("dotnet", ["pwsh", "-NoProfile", "-File", "build.ps1", "run", "-WebPort", $"{web}", "-GrpcPort", $"{grpc}"],
            RepositoryRoot(), new Dictionary<string, string?> { ["NO_COLOR"] = "1" }, TimeSpan.FromSeconds(180));

        Assert.True(run.ExitCode == 1, run.ToString());
        var lines = (run.Stdout + run.Stderr).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var line = Assert.Single(lines);
        Assert.Contains($"port {busy} on 127.0.0.1 is in use by another program", line, StringComparison.Ordinal);
        Assert.Contains($"{option} {busy + 1}", line, StringComparison.Ordinal);
        Assert.DoesNotContain("dotnet build", run.Stdout, StringComparison.Ordinal);
    }
}
