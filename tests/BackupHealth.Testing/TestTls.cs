using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace BackupHealth.Testing;

/// <summary>TLS for tests, as an MSP with its own CA would set it up: a CA made once per test run (valid from now, on
/// the real clock that TLS clients check), a server certificate it signs for localhost, 127.0.0.1 and ::1, and clients
/// that trust only that CA. Test collectors present the certificate through <c>Collector:Tls:CertificatePath</c>.</summary>
public static class TestTls
{
    private static readonly Oid ServerAuthentication = new("1.3.6.1.5.5.7.3.1");
    private static readonly Lazy<X509Certificate2> LazyCa = new(() => CreateCa("BackupHealth test CA"));
    private static readonly Lazy<X509Certificate2> LazyServer = new(() => Issue(Ca, "localhost", DateTimeOffset.UtcNow.AddDays(30)));

    public static X509Certificate2 Ca => LazyCa.Value;

    public static X509Certificate2 Server => LazyServer.Value;

    /// <summary>A self-signed CA with an ECDSA P-256 key.</summary>
    public static X509Certificate2 CreateCa(string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(X509BasicConstraintsExtension.CreateForCertificateAuthority());
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, critical: true));
        var now = DateTimeOffset.UtcNow;
        return request.CreateSelfSigned(now.AddHours(-1), now.AddYears(5));
    }

    /// <summary>A server certificate signed by <paramref name="ca"/> for localhost and the loopback addresses.</summary>
    public static X509Certificate2 Issue(X509Certificate2 ca, string name, DateTimeOffset notAfter, DateTimeOffset? notBefore = null)
    {
        ArgumentNullException.ThrowIfNull(ca);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        names.AddIpAddress(IPAddress.IPv6Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([ServerAuthentication], critical: false));
        using var signed = request.Create(ca, notBefore ?? DateTimeOffset.UtcNow.AddHours(-1), notAfter, RandomNumberGenerator.GetBytes(12));
        return signed.CopyWithPrivateKey(key);
    }

    /// <summary>Writes <paramref name="certificate"/> and its key as PEM files into <paramref name="folder"/>.</summary>
    public static (string Certificate, string Key) WritePem(X509Certificate2 certificate, string folder, string name = "server")
    {
        ArgumentNullException.ThrowIfNull(certificate);
        Directory.CreateDirectory(folder);
        var certificatePath = Path.Combine(folder, name + ".crt");
        var keyPath = Path.Combine(folder, name + ".key");
        using var key = certificate.GetECDsaPrivateKey()!;
        File.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem());
        File.WriteAllText(certificatePath, certificate.ExportCertificatePem());
        return (certificatePath, keyPath);
    }

    /// <summary>The test CA's certificate as a PEM file in <paramref name="folder"/>, e.g. for an agent's
    /// <c>Agent:CollectorCaFile</c>.</summary>
    public static string WriteCa(string folder)
    {
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, "collector-ca.crt");
        File.WriteAllText(path, Ca.ExportCertificatePem());
        return path;
    }

    /// <summary>The collector settings that make it present <see cref="Server"/> with the test CA as its chain (like
    /// certbot's fullchain.pem); the files go into <paramref name="folder"/>.</summary>
    public static Dictionary<string, string?> CollectorSettings(string folder)
    {
        var (certificate, key) = WritePem(Server, Path.Combine(folder, "test-tls"));
        File.AppendAllText(certificate, "\n" + Ca.ExportCertificatePem() + "\n");
        return new() { ["Collector:Tls:CertificatePath"] = certificate, ["Collector:Tls:KeyPath"] = key };
    }

    /// <summary>An HTTP handler that trusts only <paramref name="ca"/> (the test CA by default).</summary>
    public static SocketsHttpHandler Handler(X509Certificate2? ca = null) => Trust(new SocketsHttpHandler(), ca);

    /// <summary>Makes <paramref name="handler"/> trust only <paramref name="ca"/> (the test CA by default).</summary>
    public static SocketsHttpHandler Trust(SocketsHttpHandler handler, X509Certificate2? ca = null)
    {
        ArgumentNullException.ThrowIfNull(handler);
        var policy = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck };
        policy.CustomTrustStore.Add(ca ?? Ca);
        handler.SslOptions.CertificateChainPolicy = policy;
        return handler;
    }

    /// <summary>An HTTP client for <paramref name="baseAddress"/> that trusts the test CA.</summary>
    public static HttpClient Client(Uri? baseAddress = null) => new(Handler()) { BaseAddress = baseAddress };
}
