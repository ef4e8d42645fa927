using System.Text;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using BackupHealth.Collector.Hosting;
using BackupHealth.FilesAtRest;

namespace BackupHealth.Collector.Tls;

/// <summary>The collector's own CA and server certificate, for when no certificate is configured: made at first start
/// in <c>DataPath/tls</c> and kept there. The CA lives 20 years (its pin is what agents trust); the server certificate
/// 397 days, and a new one is made when it has less than 30 days left or no longer covers the configured names.</summary>
internal sealed class SelfMadeCertificates(string folder, TimeProvider time)
{
    public const string FolderName = "tls";
    public const string CaCertificateFile = "ca.crt";
    public const string CaKeyFile = "ca.key";
    public const string ServerCertificateFile = "server.crt";
    public const string ServerKeyFile = "server.key";
    public static readonly TimeSpan CaLifetime = TimeSpan.FromDays(7305);
    public static readonly TimeSpan ServerLifetime = TimeSpan.FromDays(397);
    public static readonly TimeSpan RenewBefore = TimeSpan.FromDays(30);

    private X509Certificate2? _ca;

    public string Folder => folder;

    /// <summary>The CA, made now if the folder has none; true in <c>Created</c> when it was.</summary>
    public (X509Certificate2 Ca, bool Created) LoadOrCreateCa()
    {
        if (_ca is not null)
        {
            return (_ca, false);
        }

        OwnerOnly.CreateFolder(folder);
        if (TryLoad(folder, CaCertificateFile, CaKeyFile) is { } existing)
        {
            return (_ca = existing, false);
        }

        var ca = CertificateIssuer.CreateCa($"BackupHealth collector CA ({Environment.MachineName})", time.GetUtcNow(), CaLifetime);
        Save(folder, ca, CaCertificateFile, CaKeyFile);
        return (_ca = ca, true);
    }

    /// <summary>The server certificate for <paramref name="names"/>: the one on disk while it is signed by the CA,
    /// covers every name and has more than <see cref="RenewBefore"/> left; otherwise a new one (true in
    /// <c>Issued</c>).</summary>
    public (X509Certificate2 Server, bool Issued) LoadOrIssueServer(IReadOnlyList<string> names)
    {
        var (ca, _) = LoadOrCreateCa();
        var existing = TryLoad(folder, ServerCertificateFile, ServerKeyFile);
        if (existing is not null && IsUsable(existing, ca, names))
        {
            return (existing, false);
        }

        existing?.Dispose();
        var server = CertificateIssuer.CreateServer(ca, names, time.GetUtcNow(), ServerLifetime);
        Save(folder, server, ServerCertificateFile, ServerKeyFile);
        return (server, true);
    }

    /// <summary>Whether a served certificate is due for replacement.</summary>
    public bool IsDue(X509Certificate2 server)
    {
        ArgumentNullException.ThrowIfNull(server);
        return new DateTimeOffset(server.NotAfter.ToUniversalTime(), TimeSpan.Zero) - time.GetUtcNow() < RenewBefore;
    }

    private bool IsUsable(X509Certificate2 server, X509Certificate2 ca, IReadOnlyList<string> names) =>
        !IsDue(server)
        && server.Issuer == ca.Subject
        && server.Extensions.OfType<X509AuthorityKeyIdentifierExtension>().FirstOrDefault()?.KeyIdentifier is { } id
        && ca.Extensions.OfType<X509SubjectKeyIdentifierExtension>().FirstOrDefault()?.SubjectKeyIdentifierBytes is { } caId
        && id.Span.SequenceEqual(caId.Span)
        && CertificateIssuer.NamesOf(server).IsSupersetOf(names);

    /// <summary>A certificate with its key from PEM files in <paramref name="folder"/>; null when neither exists.</summary>
    internal static X509Certificate2? TryLoad(string folder, string certificateFile, string keyFile)
    {
        var certificatePath = Path.Combine(folder, certificateFile);
        var keyPath = Path.Combine(folder, keyFile);
        var hasCertificate = File.Exists(certificatePath);
        if (hasCertificate != File.Exists(keyPath))
        {
            var missing = hasCertificate ? keyFile : certificateFile;
            throw new CollectorStartupException(
                $"{Path.Combine(folder, missing)} is missing beside {(hasCertificate ? certificateFile : keyFile)}: restore both from a backup, "
                + $"or delete the {FolderName} folder to make a new CA (agents that trust the old pin must then be given the new one)");
        }

        if (!hasCertificate)
        {
            return null;
        }

        try
        {
            return X509Certificate2.CreateFromPemFile(certificatePath, keyPath);
        }
        catch (CryptographicException ex)
        {
            throw new CollectorStartupException($"{certificatePath} or {keyPath} cannot be read: {ex.Message}", ex);
        }
    }

    internal static void Save(string folder, X509Certificate2 certificate, string certificateFile, string keyFile)
    {
        using var key = certificate.GetECDsaPrivateKey() ?? throw new InvalidOperationException("an ECDSA key was expected");
        AtomicFile.Write(Path.Combine(folder, keyFile), Encoding.ASCII.GetBytes(key.ExportPkcs8PrivateKeyPem()));
        AtomicFile.Write(Path.Combine(folder, certificateFile), Encoding.ASCII.GetBytes(certificate.ExportCertificatePem()));
    }
}
