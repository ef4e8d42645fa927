namespace BackupHealth.Agent.Probes.Shared.Http;

/// <summary>What the shared HTTP pieces (<see cref="ApiHttpClient"/>, <see cref="ApiProbeErrors"/>) need of an API
/// probe's settings, whatever its way of signing in: where the server is, its certificate pin, and the time one
/// request may take.</summary>
internal interface IApiConnection
{
    Uri BaseUri { get; }

    /// <summary>The URL for logs and messages: <see cref="RedactedUrl"/>, never a credential in it.</summary>
    string ShownUrl { get; }

    string? CertificateThumbprint { get; }

    TimeSpan RequestTimeout { get; }
}
