using System.Globalization;
using BackupHealth.Agent.Hosting;
using BackupHealth.Agent.Probes.Xva;

namespace BackupHealth.Agent.Verify;

/// <summary><c>verify FILE.xva</c>: a technician's check of one export, the same verification the xva probe runs.
/// Needs no configuration and no collector.</summary>
internal static class VerifyVerb
{
    public const int PassedExitCode = 0;
    public const int FailedExitCode = 2;
    public const int CannotOpenExitCode = 3;

    /// <param name="progressOnStderr">Draw a progress bar on stderr: only when stderr is a terminal.</param>
    public static async Task<int> RunAsync(AgentCommandLine commandLine, TextWriter stdout, TextWriter stderr, bool progressOnStderr, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(commandLine);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        var path = commandLine.File!;
        FileStream file;
        try
        {
            file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 64 * 1024, FileOptions.SequentialScan);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            await stderr.WriteLineAsync($"error: cannot open {path}: {ex.Message}");
            return CannotOpenExitCode;
        }

        XvaVerification result;
        await using (file)
        {
            var progress = new XvaProgress();
            var bar = progressOnStderr ? VerifyProgressBar.Start(stderr, progress, file.Length, TimeProvider.System) : null;
            try
            {
                result = await Task.Run(() => XvaVerifier.Verify(file, progress, cancellationToken), cancellationToken);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                await stderr.WriteLineAsync($"error: cannot read {path}: {ex.Message}");
                return CannotOpenExitCode;
            }
            finally
            {
                if (bar is not null)
                {
                    await bar.DisposeAsync();
                }
            }
        }

        var exitCode = result.Passed ? PassedExitCode : FailedExitCode;
        if (commandLine.Json)
        {
            VerifyJsonWriter.Write(stdout, path, result, exitCode);
        }
        else
        {
            await stdout.WriteLineAsync(Line(path, result));
        }

        return exitCode;
    }

    public static string Line(string path, XvaVerification result)
    {
        var seconds = Math.Max(result.Elapsed.TotalSeconds, 0.001);
        return string.Create(CultureInfo.InvariantCulture,
            $"{(result.Passed ? "PASSED" : "FAILED")} {path}: {result.Summary} in {seconds:F1} s ({result.BytesRead / seconds / 1e6:F0} MB/s)");
    }
}
