using Microsoft.Extensions.Logging;

namespace BackupHealth.Agent;

/// <summary>The xva probe's messages: ids 550–569.</summary>
internal static partial class Log
{
    [LoggerMessage(550, LogLevel.Information, "Probe {ProbeName}: verifying {Path} ({Size} bytes)")]
    public static partial void XvaVerifying(ILogger logger, string probeName, string path, long size);

    [LoggerMessage(551, LogLevel.Information, "Probe {ProbeName}: {Path} verified: {Summary} in {Elapsed}")]
    public static partial void XvaPassed(ILogger logger, string probeName, string path, string summary, TimeSpan elapsed);

    [LoggerMessage(552, LogLevel.Warning, "Probe {ProbeName}: {Path} FAILED verification: {Summary}")]
    public static partial void XvaFailed(ILogger logger, string probeName, string path, string summary);

    [LoggerMessage(553, LogLevel.Warning, "Probe {ProbeName}: cannot read {Path} ({Reason}); trying again next run")]
    public static partial void XvaUnreadable(ILogger logger, string probeName, string path, string reason);

    [LoggerMessage(554, LogLevel.Debug, "Probe {ProbeName}: {Path} is still being written ({Size} bytes, modified {LastWriteUtc:O})")]
    public static partial void XvaInProgress(ILogger logger, string probeName, string path, long size, DateTime lastWriteUtc);
}
