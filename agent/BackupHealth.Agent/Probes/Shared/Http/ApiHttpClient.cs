namespace BackupHealth.Agent.Probes.Shared.Http;

internal static class ApiHttpClient
{
    /// <summary>The HTTP client of one API probe: relative paths resolve against its <see cref="IApiConnection.BaseUri"/>,
    /// each request may take <see cref="IApiConnection.RequestTimeout"/>, and the server's certificate is validated
    /// or must match the pin.</summary>
    public static HttpClient Create(IApiConnection options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new HttpClient(CertificatePin.CreateHandler(options.CertificateThumbprint), disposeHandler: true)
        {
            BaseAddress = options.BaseUri,
            Timeout = options.RequestTimeout,
        };
    }
}
