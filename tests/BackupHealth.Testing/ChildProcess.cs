using System.Diagnostics;
using System.Text;

namespace BackupHealth.Testing;

/// <summary>Runs a program to its end as its own process, with standard output and error kept apart. A program that
/// is still running at the deadline is killed and reported as such (exit code null), so a test of "prints and exits"
/// fails instead of hanging when the program starts serving.</summary>
public static class ChildProcess
{
    public sealed record Result(int? ExitCode, string Stdout, string Stderr)
    {
        public bool TimedOut => ExitCode is null;

        public override string ToString() => $"exit {ExitCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none (killed at the deadline)"}\n--- stdout\n{Stdout}--- stderr\n{Stderr}";
    }

    /// <summary>Runs a .NET program of the test's output folder (e.g. backuphealth-collector.dll) with <c>dotnet</c>.</summary>
    public static Task<Result> RunDllAsync(string dll, IEnumerable<string> args, string workingDirectory,
        IReadOnlyDictionary<string, string?>? environment = null, TimeSpan? timeout = null) =>
        RunAsync("dotnet", [Path.Combine(AppContext.BaseDirectory, dll), .. args], workingDirectory, environment, timeout);

    public static async Task<Result> RunAsync(string fileName, IEnumerable<string> args, string workingDirectory,
        IReadOnlyDictionary<string, string?>? environment = null, TimeSpan? timeout = null)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
        {
            start.Environment[key] = value;
        }

        using var process = new Process { StartInfo = start };
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        process.OutputDataReceived += (_, e) => Append(stdout, e.Data);
        process.ErrorDataReceived += (_, e) => Append(stderr, e.Data);
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var deadline = new CancellationTokenSource(timeout ?? Poll.DefaultTimeout);
        int? exitCode;
        try
        {
            await process.WaitForExitAsync(deadline.Token);
            exitCode = process.ExitCode;
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            exitCode = null;
        }

        lock (stdout)
        {
            lock (stderr)
            {
                return new Result(exitCode, stdout.ToString(), stderr.ToString());
            }
        }
    }

    private static void Append(StringBuilder builder, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (builder)
        {
            builder.Append(line).Append('\n');
        }
    }
}
