using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;

namespace BackupHealth.Collector.Tests.Tls;

/// <summary>One TLS handshake on a new connection, accepting whatever the server presents, to see what it presented:
/// its certificate, the client's verdict under <paramref name="trust"/> and the protocol ALPN chose.</summary>
internal sealed record TlsHandshake(X509Certificate2 Certificate, bool Trusted, SslApplicationProtocol Protocol)
{
    public static async Task<TlsHandshake> ToAsync(Uri endpoint, X509Certificate2 trust, params SslApplicationProtocol[] protocols)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(endpoint.Host, endpoint.Port);
        await using var tls = new SslStream(tcp.GetStream());
        X509Certificate2? presented = null;
        var trusted = false;
#pragma warning disable CA5359 // the handshake is completed to see what the server presents; the verdict is judged and returned separately
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = endpoint.Host,
            ApplicationProtocols = protocols.Length > 0 ? [.. protocols] : [SslApplicationProtocol.Http2],
            RemoteCertificateValidationCallback = (_, certificate, chain, errors) =>
            {
                presented = X509CertificateLoader.LoadCertificate(certificate!.GetRawCertData());
                trusted = Verdict(presented, trust, chain, errors);
                return true;
            },
        });
#pragma warning restore CA5359
        return new TlsHandshake(presented!, trusted, tls.NegotiatedApplicationProtocol);
    }

    private static bool Verdict(X509Certificate2 certificate, X509Certificate2 trust, X509Chain? sent, SslPolicyErrors errors)
    {
        if ((errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(trust);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.ExtraStore.AddRange(sent?.ChainPolicy.ExtraStore ?? []);
        return chain.Build(certificate);
    }
}
