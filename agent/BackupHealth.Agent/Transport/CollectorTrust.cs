using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace BackupHealth.Agent.Transport;

/// <summary>Which server certificates the agent accepts from its collector: those the system trusts, or — with
/// <c>Agent:CollectorCaFile</c> — only those that chain to a CA in that file (the collector's own CA, written there by
/// enrolment or copied from the collector's <c>tls/ca.crt</c>). The name in the certificate must match the URL either
/// way; nothing turns checking off.</summary>
internal sealed class CollectorTrust
{
    private readonly X509Certificate2Collection? _anchors;

    private CollectorTrust(X509Certificate2Collection? anchors) => _anchors = anchors;

    public static CollectorTrust System { get; } = new(null);

    /// <summary>Trust only these CA certificates (enrolment: the CA the token's pin names).</summary>
    public static CollectorTrust Of(X509Certificate2Collection anchors)
    {
        ArgumentNullException.ThrowIfNull(anchors);
        return anchors.Count > 0 ? new CollectorTrust(anchors) : throw new ArgumentException("no CA certificate", nameof(anchors));
    }

    /// <summary>Trust only the CA certificates in a PEM file.</summary>
    /// <exception cref="CryptographicException">The file holds no certificate.</exception>
    public static CollectorTrust FromFile(string path)
    {
        var anchors = new X509Certificate2Collection();
        anchors.ImportFromPemFile(path);
        return anchors.Count > 0 ? new CollectorTrust(anchors) : throw new CryptographicException($"{path} holds no PEM certificate");
    }

    /// <summary>Why a CA file cannot be used, or null when it can.</summary>
    public static string? Problem(string path)
    {
        if (!File.Exists(path))
        {
            return $"{path} does not exist";
        }

        try
        {
            FromFile(path);
            return null;
        }
        catch (CryptographicException ex)
        {
            return $"{path} cannot be read as PEM certificates: {ex.Message}";
        }
    }

    /// <summary>Sets the chain policy of the agent's TLS connections; the name check stays the system's.</summary>
    public void Apply(SslClientAuthenticationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (_anchors is null)
        {
            return;
        }

        var policy = new X509ChainPolicy
        {
            TrustMode = X509ChainTrustMode.CustomRootTrust,
            RevocationMode = X509RevocationMode.NoCheck,
        };
        policy.CustomTrustStore.AddRange(_anchors);
        policy.ApplicationPolicy.Add(new Oid("1.3.6.1.5.5.7.3.1")); // server authentication
        options.CertificateChainPolicy = policy;
    }
}
