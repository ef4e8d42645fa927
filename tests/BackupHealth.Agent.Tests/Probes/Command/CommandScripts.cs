using BackupHealth.Agent.Probes.Command;
using BackupHealth.Agent.Probes.Shared.Commands;
using BackupHealth.Agent.Tests.Support;
using BackupHealth.Testing;
using Microsoft.Extensions.Time.Testing;

namespace BackupHealth.Agent.Tests.Probes.Command;

/// <summary>Real shell scripts in a temporary folder and a command probe that runs them through the real process
/// runner, at a fixed probe time.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
internal sealed class CommandScripts : IDisposable
{
    public static readonly DateTimeOffset Now = new(2025, 3, 10, 6, 0, 0, TimeSpan.Zero);

    public TempDirectory Temp { get; } = new("command-probe");

    public FakeTimeProvider Time { get; } = new(Now);

    public TestLogging Logging { get; } = new();

    public void Dispose()
    {
        Logging.Dispose();
        Temp.Dispose();
    }

    public string Script(string body)
    {
        var path = Temp.Combine($"check-{Guid.NewGuid():N}.sh");
        File.WriteAllText(path, "#!/bin/sh\n" + body.Replace("\r\n", "\n", StringComparison.Ordinal) + "\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }

    /// <summary>A json-mode probe whose program prints <paramref name="stdout"/> as it is, and how the probe names that
    /// program in its errors. The program is <c>cat</c>, not a script written for the test: executing a file just
    /// written can fail with "text file busy" while a parallel test forks.</summary>
    public (CommandProbe Probe, string Display) Printing(string stdout)
    {
        var file = Temp.Combine($"out-{Guid.NewGuid():N}.json");
        File.WriteAllText(file, stdout);
        var probe = Probe("cat", o =>
        {
            o.Arguments = [file];
            o.Output = CommandOutputMode.Json;
        });
        return (probe, probe.Command.Display);
    }

    public CommandProbe Probe(string executable, Action<CommandProbeOptions>? configure = null, TimeProvider? runnerTime = null)
    {
        var options = new CommandProbeOptions { Name = "sql-dump-check", Type = CommandProbe.TypeName, Executable = executable };
        configure?.Invoke(options);
        return new CommandProbe(options, new ProcessCommandRunner(runnerTime ?? TimeProvider.System), Time, Logging.For<CommandProbe>());
    }
}
