using System.ComponentModel;
using System.Diagnostics;
using BackupHealth.ServiceInstall;

namespace BackupHealth.Collector.Hosting;

/// <summary>Runs install's system commands (systemctl, useradd, chown): arguments as a list, no shell. The
/// collector runs no other programs, so this is its only process runner.</summary>
internal sealed class ProcessSystemCommands : ISystemCommands
{
    public async Task<SystemCommandResult> RunAsync(string fileName, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = new Process { StartInfo = info };
        try
        {
            process.Start();
        }
        catch (Win32Exception ex)
        {
            return new SystemCommandResult(-1, "", "", ex.Message);
        }

        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        return new SystemCommandResult(process.ExitCode, await output, await error);
    }
}
