using System.Diagnostics;
using System.Text;

namespace BackupHealth.Testing;

/// <summary>Runs a real third-party program the tests need (promtool, prometheus, …), which <c>build.ps1 test</c>
/// installs from its Debian package when missing. A missing program fails the test with that package's name.</summary>
public static class ExternalProgram
{
    /// <summary>Starts <paramref name="program"/>; stdout and stderr are collected into <paramref name="output"/>.</summary>
    public static Process Start(string program, string debianPackage, IEnumerable<string> arguments, string workingDirectory, StringBuilder output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var start = new ProcessStartInfo(Find(program, debianPackage))
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>Runs <paramref name="program"/> to its end, killing it after <paramref name="timeout"/>.</summary>
    public static async Task<ProgramResult> RunAsync(string program, string debianPackage, IEnumerable<string> arguments, string workingDirectory, TimeSpan timeout)
    {
        var output = new StringBuilder();
        using var process = Start(program, debianPackage, arguments, workingDirectory, output);
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} did not finish within {timeout.TotalSeconds:F0} s:\n{Read(output)}");
        }

        return new ProgramResult(process.ExitCode, Read(output));
    }

    /// <summary>The program's full path, searched on PATH.</summary>
    public static string Find(string program, string debianPackage)
    {
        var directories = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        return directories.Select(dir => Path.Combine(dir, program)).FirstOrDefault(File.Exists)
            ?? throw new FileNotFoundException(
                $"{program} is not installed: this test runs the real program. Install the Debian package {debianPackage} "
                + "(build.ps1 test does when it is missing).", program);
    }

    public static string Read(StringBuilder output)
    {
        ArgumentNullException.ThrowIfNull(output);
        lock (output)
        {
            return output.ToString();
        }
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }
}
