namespace BackupHealth.Agent.Transport;

/// <summary>Opens streams to the collector; the seam between the agent's stream logic and gRPC itself.</summary>
internal interface IIngestConnector
{
    IIngestStream Open(CancellationToken cancellationToken);

    /// <summary>Whether the agent authenticates with its own certificate (enrolled) rather than a token: says what a
    /// person must fix when the collector refuses.</summary>
    bool UsesCertificate => false;
}
