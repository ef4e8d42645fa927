using Microsoft.Extensions.Logging;

namespace BackupHealth.Agent;

/// <summary>Messages of the <c>veeam-agent</c> probe (525–529 of the Veeam range).</summary>
internal static partial class Log
{
    [LoggerMessage(525, LogLevel.Debug, "Probe {ProbeName}: veeamconfig listed {Count} session(s)")]
    public static partial void VeeamAgentListed(ILogger logger, string probeName, int count);

    [LoggerMessage(526, LogLevel.Warning, "Probe {ProbeName}: could not read this veeamconfig row: {Line}")]
    public static partial void VeeamAgentUnreadableRow(ILogger logger, string probeName, string line);
}
