namespace BackupHealth.Agent.Transport;

/// <summary>How one stream ended. <paramref name="Error"/> is null when the agent is stopping.</summary>
internal sealed record SessionOutcome(bool Welcomed, StreamError? Error);
