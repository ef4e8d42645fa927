using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace BackupHealth.Collector.Tls;

/// <summary>Reads the certificate named in <c>Collector:Tls</c>: a PEM chain with its key (in the same file or in
/// <c>KeyPath</c>, encrypted or not), or a PKCS#12 file. The stamps of every file read say when to read them again.</summary>
internal sealed record ConfiguredCertificate(X509Certificate2 Leaf, X509Certificate2Collection Chain, IReadOnlyList<FileStamp> Files)
{
    /// <exception cref="CertificateFileException">A file is missing or cannot be read as a certificate with its key; the
    /// message names the setting.</exception>
    public static ConfiguredCertificate Load(string certificatePath, string? keyPath, string? passwordFile)
    {
        var files = new List<FileStamp> { Stamp(certificatePath, "CertificatePath") };
        string? password = null;
        if (!string.IsNullOrEmpty(passwordFile))
        {
            files.Add(Stamp(passwordFile, "PasswordFile"));
            password = File.ReadAllText(passwordFile).TrimEnd('\r', '\n');
        }

        if (!string.IsNullOrEmpty(keyPath))
        {
            files.Add(Stamp(keyPath, "KeyPath"));
        }

        try
        {
            var (leaf, chain) = IsPkcs12(certificatePath)
                ? FromPkcs12(certificatePath, password)
                : FromPem(certificatePath, string.IsNullOrEmpty(keyPath) ? null : keyPath, password);
            if (!leaf.HasPrivateKey)
            {
                throw new CertificateFileException($"{TlsOptions.SectionName}:CertificatePath: {certificatePath} holds no private key for its certificate");
            }

            return new ConfiguredCertificate(leaf, chain, files);
        }
        catch (Exception ex) when (ex is CryptographicException or ArgumentException)
        {
            var setting = string.IsNullOrEmpty(keyPath) ? "CertificatePath" : "CertificatePath/KeyPath";
            throw new CertificateFileException(
                $"{TlsOptions.SectionName}:{setting}: {certificatePath} cannot be read as a certificate with its private key "
                + $"(wrong password, or a key that does not match?): {ex.Message}", ex);
        }
    }

    private static FileStamp Stamp(string path, string setting)
    {
        var stamp = FileStamp.Of(path);
        return stamp.Length >= 0 ? stamp : throw new CertificateFileException($"{TlsOptions.SectionName}:{setting}: {path} does not exist");
    }

    private static bool IsPkcs12(string path) =>
        Path.GetExtension(path).ToUpperInvariant() is ".PFX" or ".P12";

    private static (X509Certificate2, X509Certificate2Collection) FromPkcs12(string path, string? password)
    {
        var all = X509CertificateLoader.LoadPkcs12CollectionFromFile(path, password);
        var leaf = all.FirstOrDefault(c => c.HasPrivateKey)
            ?? throw new CertificateFileException($"{TlsOptions.SectionName}:CertificatePath: {path} holds no certificate with a private key");
        var chain = new X509Certificate2Collection();
        chain.AddRange(all.Where(c => !ReferenceEquals(c, leaf)).ToArray());
        return (leaf, chain);
    }

    private static (X509Certificate2, X509Certificate2Collection) FromPem(string certificatePath, string? keyPath, string? password)
    {
        var leaf = password is null
            ? X509Certificate2.CreateFromPemFile(certificatePath, keyPath)
            : X509Certificate2.CreateFromEncryptedPemFile(certificatePath, password, keyPath);
        var all = new X509Certificate2Collection();
        all.ImportFromPemFile(certificatePath);
        var chain = new X509Certificate2Collection();
        chain.AddRange(all.Skip(1).ToArray());
        // SChannel cannot use a key that was never stored; a PKCS#12 round trip gives it one.
        return (OperatingSystem.IsWindows() ? X509CertificateLoader.LoadPkcs12(leaf.Export(X509ContentType.Pkcs12), null) : leaf, chain);
    }
}

/// <summary>A configured certificate file cannot be used; the message names the setting.</summary>
internal sealed class CertificateFileException : Exception
{
    public CertificateFileException(string message)
        : base(message)
    {
    }

    public CertificateFileException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public CertificateFileException()
    {
    }
}
