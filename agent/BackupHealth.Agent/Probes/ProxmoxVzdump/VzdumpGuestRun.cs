using BackupHealth.Contracts.V1;

namespace BackupHealth.Agent.Probes.ProxmoxVzdump;

/// <summary>One observation made from a vzdump task: a guest's run, running or finished.</summary>
/// <param name="Key">Unique within the task: <c>&lt;vmid&gt;:running</c> or <c>&lt;vmid&gt;:final</c>, so a probe
/// remembers which of a task's facts it already reported.</param>
internal sealed record VzdumpGuestRun(string Key, bool Final, Observation Observation);
