using BackupHealth.Agent.Probes.Shared.Commands;
using BackupHealth.Agent.Probes.Shared.State;
using BackupHealth.Agent.Telemetry;
using Microsoft.Extensions.Logging;

namespace BackupHealth.Agent.Probes;

/// <summary>What a probe may use from the host: the clock, logging, its own small memory kept across restarts (a
/// cursor, the files it already verified), the one runner for external programs and, under <c>run</c>, the agent's
/// metrics.</summary>
internal sealed record ProbeContext(
    TimeProvider TimeProvider, ILoggerFactory LoggerFactory, ProbeStateStores States, ICommandRunner Commands, AgentMetrics? Metrics = null)
{
    /// <summary>For <c>check</c> and tests: nothing is remembered between runs of the program.</summary>
    public ProbeContext(TimeProvider timeProvider, ILoggerFactory loggerFactory)
        : this(timeProvider, loggerFactory, ProbeStateStores.InMemory(), new ProcessCommandRunner(timeProvider))
    {
    }
}
