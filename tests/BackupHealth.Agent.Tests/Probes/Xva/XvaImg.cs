namespace BackupHealth.Agent.Tests.Probes.Xva;

/// <summary>Runs the real <c>xva-img</c> (Debian package xva-img; build.ps1's test step installs it).</summary>
internal static class XvaImg
{
    public static void Run(string workingDirectory, params string[] arguments) =>
        RealTool.Run("xva-img", "xva-img", workingDirectory, arguments);
}
