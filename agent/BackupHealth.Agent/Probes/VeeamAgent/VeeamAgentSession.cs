namespace BackupHealth.Agent.Probes.VeeamAgent;

/// <summary>One row of <c>veeamconfig session list</c>. Times are the host's local wall-clock times, as printed.</summary>
/// <param name="Id">The session id without braces.</param>
/// <param name="End">Null while the session runs.</param>
internal sealed record VeeamAgentSession(string JobName, string Type, string Id, string State, DateTime Start, DateTime? End);
