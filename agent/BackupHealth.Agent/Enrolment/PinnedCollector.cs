using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using BackupHealth.Agent.Transport;
using BackupHealth.Contracts;
using BackupHealth.Contracts.V1;
using Grpc.Core;

namespace BackupHealth.Agent.Enrolment;

/// <summary>The first step of enrolment, before any secret is sent: connect to the token's URL accepting the server
/// certificate only provisionally, ask for the collector's CA certificates, pick the one the token pins, and check
/// that the certificate the server presented in that very handshake chains to it and names the host.</summary>
internal static class PinnedCollector
{
    public const string Step = "checking the collector";
    private static readonly Oid ServerAuthentication = new("1.3.6.1.5.5.7.3.1");

    /// <summary>The pinned CA certificate.</summary>
    /// <exception cref="EnrolmentException">No CA matches the pin, or the server certificate does not belong to it.</exception>
    public static async Task<X509Certificate2> FindCaAsync(EnrolmentToken token, CancellationToken cancellationToken, System.Net.IWebProxy? proxy = null)
    {
        ArgumentNullException.ThrowIfNull(token);
        var pin = token.Pin ?? throw new ArgumentException("the token pins no CA", nameof(token));
        ServerSeen? seen = null;
        CollectorCa response;
        // CA5359: this one anonymous call sends nothing secret; the certificate is judged below against the pinned CA
        // before the token goes anywhere, and the token is then sent over a channel that trusts only that CA.
#pragma warning disable CA5359
        using (var channel = CollectorChannel.Create(token.Url.ToString(), CollectorTrust.System, configure: tls =>
            tls.RemoteCertificateValidationCallback = (_, certificate, chain, errors) =>
            {
                // Accepted for this one anonymous call only; judged below once the pinned CA is known.
                seen ??= ServerSeen.From(certificate, chain, errors);
                return true;
            }, proxy: proxy))
#pragma warning restore CA5359
        {
            try
            {
                response = await new Contracts.V1.Enrolment.EnrolmentClient(channel).GetCollectorCaAsync(new CollectorCaRequest(), cancellationToken: cancellationToken);
            }
            catch (RpcException ex)
            {
                throw EnrolmentFailure.From(Step, token.Url, ex);
            }
        }

        var ca = Pinned(response, pin) ?? throw new EnrolmentException(
            $"{Step}: the collector at {token.Url} did not present the CA the token names (pin {pin}): wrong URL, or someone in between");
        if (seen?.Certificate is not { } server)
        {
            throw new EnrolmentException($"{Step}: the collector at {token.Url} presented no TLS certificate");
        }

        if (!ChainsTo(server, seen.Intermediates, ca, out var status))
        {
            throw new EnrolmentException($"{Step}: the certificate of the server at {token.Url} ({server.Subject}) was not issued by the CA the token "
                + $"names (pin {pin}: {ca.Subject}; {status}): someone in between? The token was not sent");
        }

        if (seen.Errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch))
        {
            throw new EnrolmentException($"{Step}: the certificate of the server at {token.Url} ({server.Subject}) does not name {token.Url.Host}: "
                + "use the URL the collector's certificate is for. The token was not sent");
        }

        return ca;
    }

    private static X509Certificate2? Pinned(CollectorCa response, string pin)
    {
        foreach (var der in response.Certificates)
        {
            X509Certificate2 certificate;
            try
            {
                certificate = X509CertificateLoader.LoadCertificate(der.Span);
            }
            catch (CryptographicException)
            {
                continue;
            }

            if (CollectorPin.Of(certificate) == pin)
            {
                return certificate;
            }

            certificate.Dispose();
        }

        return null;
    }

    private static bool ChainsTo(X509Certificate2 server, X509Certificate2Collection intermediates, X509Certificate2 ca, out string status)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.ExtraStore.AddRange(intermediates);
        chain.ChainPolicy.ApplicationPolicy.Add(ServerAuthentication);
        var valid = chain.Build(server);
        status = valid ? "ok" : string.Join(", ", chain.ChainStatus.Select(s => s.StatusInformation.Trim()).Where(s => s.Length > 0).Distinct());
        return valid;
    }

    private sealed record ServerSeen(X509Certificate2? Certificate, X509Certificate2Collection Intermediates, SslPolicyErrors Errors)
    {
        public static ServerSeen From(X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
        {
            var intermediates = new X509Certificate2Collection();
            foreach (var element in chain?.ChainElements.Skip(1) ?? [])
            {
                intermediates.Add(X509CertificateLoader.LoadCertificate(element.Certificate.RawData));
            }

            var server = certificate is null ? null : X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
            return new ServerSeen(server, intermediates, errors);
        }
    }
}
