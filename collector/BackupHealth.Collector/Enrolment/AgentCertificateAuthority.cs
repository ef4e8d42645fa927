using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using BackupHealth.Collector.Tls;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using BackupHealth.Collector.Hosting;
using BackupHealth.FilesAtRest;

namespace BackupHealth.Collector.Enrolment;

/// <summary>The CA that signs agents' client certificates, apart from the one that signs the collector's server
/// certificate: made at first use in <c>DataPath/tls</c> (<c>agent-ca.crt</c>, <c>agent-ca.key</c> 0600) and kept. It
/// signs only what a CSR proves: the agent's own public key (ECDSA P-256); everything else in the certificate — the
/// agent's name, site, lifetime — is the collector's.</summary>
internal sealed class AgentCertificateAuthority(IOptions<CollectorOptions> collector, IHostEnvironment environment, TimeProvider time)
{
    public const string CertificateFile = "agent-ca.crt";
    public const string KeyFile = "agent-ca.key";
    public const string UriPrefix = "urn:backuphealth:agent:";
    private static readonly Oid ClientAuthentication = new("1.3.6.1.5.5.7.3.2", "Client Authentication");
    private readonly Lock _lock = new();
    private X509Certificate2? _ca;

    public X509Certificate2 Ca
    {
        get
        {
            lock (_lock)
            {
                return _ca ??= LoadOrCreate();
            }
        }
    }

    /// <summary>Reads a PKCS#10 request: its signature must verify and its key must be ECDSA P-256.</summary>
    /// <returns>The request's public key, or the problem with it.</returns>
    public static (PublicKey? Key, string? Problem) ReadRequest(ReadOnlySpan<byte> der)
    {
        if (der.IsEmpty)
        {
            return (null, "csr: missing (a PKCS#10 request for the agent's ECDSA P-256 key)");
        }

        try
        {
            var request = CertificateRequest.LoadSigningRequest(der, HashAlgorithmName.SHA256, out var read, CertificateRequestLoadOptions.Default);
            if (read != der.Length)
            {
                return (null, "csr: trailing bytes after the request");
            }

            using var key = request.PublicKey.GetECDsaPublicKey();
            if (key is null || key.KeySize != 256 || key.ExportParameters(false).Curve.Oid.Value != ECCurve.NamedCurves.nistP256.Oid.Value)
            {
                return (null, "csr: the key must be ECDSA P-256");
            }

            return (request.PublicKey, null);
        }
        catch (Exception ex) when (ex is CryptographicException or AsnContentException or ArgumentException)
        {
            return (null, "csr: not a valid PKCS#10 request signed by its own key");
        }
    }

    /// <summary>A client certificate for <paramref name="key"/>, naming <paramref name="agentId"/> of the site.</summary>
    public X509Certificate2 Issue(PublicKey key, string agentId, string customer, string site, TimeSpan lifetime)
    {
        ArgumentNullException.ThrowIfNull(key);
        var subject = new X500DistinguishedNameBuilder();
        subject.AddOrganizationName(customer);
        subject.AddOrganizationalUnitName(site);
        subject.AddCommonName(agentId);
        var request = new CertificateRequest(subject.Build(), key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddUri(new Uri(UriPrefix + Uri.EscapeDataString(agentId)));
        request.CertificateExtensions.Add(names.Build(critical: false));
        request.CertificateExtensions.Add(X509BasicConstraintsExtension.CreateForEndEntity());
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([ClientAuthentication], critical: false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Ca, includeKeyIdentifier: true, includeIssuerAndSerial: false));
        var now = time.GetUtcNow();
        return request.Create(Ca, now.AddMinutes(-5), now + lifetime, RandomNumberGenerator.GetBytes(16));
    }

    /// <summary>Whether <paramref name="certificate"/> was signed by this CA (its validity dates are not judged here).</summary>
    public bool Issued(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(Ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationFlags = X509VerificationFlags.IgnoreNotTimeValid;
        chain.ChainPolicy.VerificationTime = time.GetUtcNow().UtcDateTime;
        chain.ChainPolicy.ApplicationPolicy.Add(ClientAuthentication);
        return chain.Build(certificate);
    }

    /// <summary>The agent id a certificate names in its URI, or null.</summary>
    public static string? AgentIdOf(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var uri = certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>()
            .SelectMany(names => Uris(names.RawData)).FirstOrDefault(u => u.StartsWith(UriPrefix, StringComparison.Ordinal));
        return uri is null ? null : Uri.UnescapeDataString(uri[UriPrefix.Length..]);
    }

    /// <summary>The uniformResourceIdentifier entries ([6] IA5String) of a GeneralNames sequence.</summary>
    private static List<string> Uris(byte[] generalNames)
    {
        var uris = new List<string>();
        try
        {
            var names = new AsnReader(generalNames, AsnEncodingRules.DER).ReadSequence();
            while (names.HasData)
            {
                var tag = names.PeekTag();
                if (tag == new Asn1Tag(TagClass.ContextSpecific, 6))
                {
                    uris.Add(names.ReadCharacterString(UniversalTagNumber.IA5String, tag));
                }
                else
                {
                    names.ReadEncodedValue();
                }
            }
        }
        catch (AsnContentException)
        {
            return [];
        }

        return uris;
    }

    public static string SerialOf(X509Certificate2 certificate) =>
        certificate?.SerialNumber.ToUpperInvariant() ?? throw new ArgumentNullException(nameof(certificate));

    public static string KeyHashOf(PublicKey key) =>
        Convert.ToHexStringLower(SHA256.HashData((key ?? throw new ArgumentNullException(nameof(key))).ExportSubjectPublicKeyInfo()));

    private X509Certificate2 LoadOrCreate()
    {
        var folder = Path.Combine(Path.GetFullPath(collector.Value.DataPath, environment.ContentRootPath), SelfMadeCertificates.FolderName);
        OwnerOnly.CreateFolder(folder);
        if (SelfMadeCertificates.TryLoad(folder, CertificateFile, KeyFile) is { } existing)
        {
            return existing;
        }

        var ca = CertificateIssuer.CreateCa($"BackupHealth agent CA ({Environment.MachineName})", time.GetUtcNow(), SelfMadeCertificates.CaLifetime);
        SelfMadeCertificates.Save(folder, ca, CertificateFile, KeyFile);
        return ca;
    }
}
