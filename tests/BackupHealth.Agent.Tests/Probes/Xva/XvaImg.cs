using System.Diagnostics;

namespace BackupHealth.Agent.Tests.Probes.Xva;

/// <summary>Runs the real <c>xva-img</c> (Debian package xva-img; build.ps1's test step installs it).</summary>
internal static class XvaImg
{
    public static void Run(string workingDirectory, params string[] arguments)
    {
        var start = new ProcessStartInfo("xva-img")
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

        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException("xva-img is not installed: apt-get install xva-img (build.ps1 test does it)", ex);
        }

        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            Assert.True(process.ExitCode == 0, $"xva-img {string.Join(' ', arguments)} exited {process.ExitCode}: {error}{output.Result}");
        }
    }
}
