using BackupHealth.Agent.Probes;

namespace BackupHealth.Agent.Check;

/// <summary>One probe's result in a check run.</summary>
internal sealed record CheckedProbe(string Name, string Type, ProbeResult Result);
