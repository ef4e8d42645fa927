using Microsoft.Extensions.Logging;

namespace BackupHealth.Agent.Probes;

/// <summary>What a probe may use from the host: the clock and logging.</summary>
internal sealed record ProbeContext(TimeProvider TimeProvider, ILoggerFactory LoggerFactory);
