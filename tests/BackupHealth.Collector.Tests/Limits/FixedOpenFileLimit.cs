using BackupHealth.Collector.Limits;

namespace BackupHealth.Collector.Tests.Limits;

/// <summary>An open-file limit set by the test instead of read from the process.</summary>
internal sealed class FixedOpenFileLimit(long limit) : IOpenFileLimit
{
    /// <summary>As a server's usual limit (systemd's hard limit, which the .NET runtime raises the soft one to).</summary>
    public const long Generous = 524_288;

    public long? Read() => limit;
}
