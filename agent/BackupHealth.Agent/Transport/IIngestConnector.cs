namespace BackupHealth.Agent.Transport;

/// <summary>Opens streams to the collector; the seam between the agent's stream logic and gRPC itself.</summary>
internal interface IIngestConnector
{
    IIngestStream Open(CancellationToken cancellationToken);
}
