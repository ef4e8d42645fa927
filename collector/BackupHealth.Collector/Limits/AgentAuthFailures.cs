using Microsoft.Extensions.Options;

namespace BackupHealth.Collector.Limits;

/// <summary>Failed agent token checks per source address (<c>Collector:Limits:AgentAuthFailuresPerAddress</c> within
/// <c>AgentAuthFailureWindow</c>). A blocked address is refused before its token is hashed or looked up.</summary>
internal sealed class AgentAuthFailures(IOptions<LimitsOptions> options, TimeProvider time)
{
    public FailureWindow Window { get; } = new(options.Value.AgentAuthFailuresPerAddress, options.Value.AgentAuthFailureWindow, time);
}
