using System.Diagnostics;

namespace BackupHealth.Agent.Tests.Probes.Xva;

/// <summary>Runs a third-party program from a Debian package (build.ps1's test step installs them).</summary>
internal static class RealTool
{
    /// <returns>What it printed on stdout; the test fails when it exits non-zero.</returns>
    public static string Run(string program, string package, string? workingDirectory, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = workingDirectory ?? "",
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException($"{program} is not installed: apt-get install {package} (build.ps1 test does it)", ex);
        }

        using (process)
        {
            var error = process.StandardError.ReadToEndAsync();
            var output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            Assert.True(process.ExitCode == 0, $"{program} {string.Join(' ', start.ArgumentList)} exited {process.ExitCode}: {error.Result}{output}");
            return output;
        }
    }
}
