using BackupHealth.Collector.Hosting;
using BackupHealth.ServiceInstall;

namespace BackupHealth.Collector.Tests.Hosting.Install;

/// <summary>Install's commands as a test sees them: every call is recorded; <c>systemctl</c> (always with
/// <c>--root=</c> here, so offline) runs for real; useradd and userdel edit the root's etc/passwd as the real tools
/// would; chown is only recorded (the tests need not run as root).</summary>
internal sealed class RecordingSystemCommands(string root) : ISystemCommands
{
    public const int ServiceUid = 992;

    public List<string> Calls { get; } = [];

    public async Task<SystemCommandResult> RunAsync(string fileName, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        Calls.Add(string.Join(' ', new[] { fileName }.Concat(arguments)));
        var passwd = Path.Combine(root, "etc", "passwd");
        switch (fileName)
        {
            case "systemctl":
                return await new ProcessSystemCommands().RunAsync(fileName, arguments, cancellationToken);
            case "useradd":
                await File.AppendAllTextAsync(passwd, $"{arguments[^1]}:x:{ServiceUid}:{ServiceUid}::/nonexistent:/usr/sbin/nologin\n", cancellationToken);
                break;
            case "userdel":
                await File.WriteAllLinesAsync(passwd,
                    (await File.ReadAllLinesAsync(passwd, cancellationToken)).Where(l => !l.StartsWith(arguments[^1] + ":", StringComparison.Ordinal)),
                    cancellationToken);
                break;
        }

        return new SystemCommandResult(0, "", "");
    }
}
