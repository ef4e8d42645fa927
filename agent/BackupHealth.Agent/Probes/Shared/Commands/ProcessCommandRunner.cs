using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace BackupHealth.Agent.Probes.Shared.Commands;

/// <summary>Runs programs with <see cref="Process"/>: arguments as a list (no shell), stdout and stderr read
/// concurrently (so a chatty program cannot block on a full pipe), and at the timeout the whole process tree is
/// killed — a backup tool's children must not outlive the probe.</summary>
internal sealed class ProcessCommandRunner(TimeProvider timeProvider) : ICommandRunner
{
    public const int MaxErrorChars = 4000;

    public async Task<CommandResult> RunAsync(CommandSpec command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        using var process = new Process { StartInfo = StartInfo(command) };
        try
        {
            if (!process.Start())
            {
                return new CommandResult(-1, "", "", StartError: "the process did not start");
            }
        }
        catch (Win32Exception ex)
        {
            return new CommandResult(-1, "", "", StartError: ex.Message);
        }

        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(command.Timeout, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        var output = ReadCappedAsync(process.StandardOutput, command.MaxOutputChars);
        var error = ReadTailAsync(process.StandardError, MaxErrorChars);
        try
        {
            await process.WaitForExitAsync(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            Kill(process);
            await Task.WhenAll(output, error).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            var (partial, _) = await output.ConfigureAwait(false);
            return new CommandResult(-1, partial, await error.ConfigureAwait(false), TimedOut: true);
        }

        var (text, truncated) = await output.ConfigureAwait(false);
        return new CommandResult(process.ExitCode, text, await error.ConfigureAwait(false), OutputTruncated: truncated);
    }

    private static ProcessStartInfo StartInfo(CommandSpec command)
    {
        var info = new ProcessStartInfo(command.FileName)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            CreateNoWindow = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            WorkingDirectory = command.WorkingDirectory ?? "",
        };
        foreach (var argument in command.Arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in command.Environment ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                info.Environment.Remove(name);
            }
            else
            {
                info.Environment[name] = value;
            }
        }

        return info;
    }

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It ended on its own between the timeout and the kill.
        }
    }

    /// <summary>Reads all of stdout but keeps at most <paramref name="maxChars"/>: the rest is drained so the program
    /// never blocks writing.</summary>
    private static async Task<(string Text, bool Truncated)> ReadCappedAsync(StreamReader reader, int maxChars)
    {
        var text = new StringBuilder();
        var buffer = new char[16 * 1024];
        var truncated = false;
        int read;
        while ((read = await reader.ReadAsync(buffer).ConfigureAwait(false)) > 0)
        {
            var keep = Math.Min(read, maxChars - text.Length);
            if (keep > 0)
            {
                text.Append(buffer, 0, keep);
            }

            truncated |= keep < read;
        }

        return (text.ToString(), truncated);
    }

    private static async Task<string> ReadTailAsync(StreamReader reader, int maxChars)
    {
        var text = new StringBuilder();
        var buffer = new char[4 * 1024];
        int read;
        while ((read = await reader.ReadAsync(buffer).ConfigureAwait(false)) > 0)
        {
            text.Append(buffer, 0, read);
            if (text.Length > 2 * maxChars)
            {
                text.Remove(0, text.Length - maxChars);
            }
        }

        return text.Length > maxChars ? text.ToString(text.Length - maxChars, maxChars) : text.ToString();
    }
}
