using BackupHealth.Agent.Hosting;
using BackupHealth.Agent.Probes.Shared.Commands;
using BackupHealth.ServiceInstall;

namespace BackupHealth.Agent.Tests.Hosting.Install;

/// <summary>Install's commands as a test sees them: every call is recorded; <c>systemctl</c> (always with
/// <c>--root=</c> here, so offline) runs for real through the agent's process runner; useradd and userdel edit the
/// root's etc/passwd as the real tools would; chown is only recorded (the tests need not run as root).</summary>
internal sealed class RecordingSystemCommands(string root) : ISystemCommands
{
    public const int ServiceUid = 991;

    private readonly CommandRunnerSystemCommands _real = new(new ProcessCommandRunner(TimeProvider.System));

    public List<string> Calls { get; } = [];

    public async Task<SystemCommandResult> RunAsync(string fileName, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        Calls.Add(string.Join(' ', new[] { fileName }.Concat(arguments)));
        switch (fileName)
        {
            case "systemctl":
                return await _real.RunAsync(fileName, arguments, cancellationToken);
            case "useradd":
                Directory.CreateDirectory(Path.Combine(root, "etc"));
                await File.AppendAllTextAsync(Path.Combine(root, "etc", "passwd"),
                    $"{arguments[^1]}:x:{ServiceUid}:{ServiceUid}::/nonexistent:/usr/sbin/nologin\n", cancellationToken);
                return new SystemCommandResult(0, "", "");
            case "userdel":
                var passwd = Path.Combine(root, "etc", "passwd");
                await File.WriteAllLinesAsync(passwd,
                    (await File.ReadAllLinesAsync(passwd, cancellationToken)).Where(l => !l.StartsWith(arguments[^1] + ":", StringComparison.Ordinal)),
                    cancellationToken);
                return new SystemCommandResult(0, "", "");
            default:
                return new SystemCommandResult(0, "", "");
        }
    }
}
