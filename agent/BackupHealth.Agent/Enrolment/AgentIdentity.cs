using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using BackupHealth.Agent.Hosting;
using BackupHealth.ServiceInstall;
using BackupHealth.FilesAtRest;

namespace BackupHealth.Agent.Enrolment;

/// <summary>The files enrolment leaves in <c>identity/</c> of the data folder: the agent's private key
/// (<c>agent.key</c>, PKCS#8 PEM, readable by the service only), its certificate (<c>agent.crt</c>), the collector CA the
/// token pinned (<c>collector-ca.crt</c>) and the settings that point the agent at its collector
/// (<c>enrolment.json</c>, read below the configuration file). A renewal replaces key and certificate as a pair:
/// both are written as <c>.new</c> files first and moved into place only once both are whole, so an interrupted
/// replace is finished on the next read, or leaves the old pair as it was.</summary>
internal sealed class AgentIdentity
{
    public const string FolderName = "identity";
    public const string KeyFileName = "agent.key";
    public const string CertificateFileName = "agent.crt";
    public const string CollectorCaFileName = "collector-ca.crt";
    public const string SettingsFileName = "enrolment.json";
    private const string Pending = ".new";

    private readonly Lock _gate = new();

    public AgentIdentity(string dataPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(dataPath);
        Folder = Path.Combine(Path.GetFullPath(dataPath), FolderName);
    }

    public string Folder { get; }

    public string KeyFile => Path.Combine(Folder, KeyFileName);

    public string CertificateFile => Path.Combine(Folder, CertificateFileName);

    public string CollectorCaFile => Path.Combine(Folder, CollectorCaFileName);

    public string SettingsFile => Path.Combine(Folder, SettingsFileName);

    /// <summary>Whether the agent has a key and certificate of its own (then it authenticates with them, not a token).</summary>
    public bool Exists
    {
        get
        {
            lock (_gate)
            {
                CompletePendingReplace();
                return File.Exists(KeyFile) && File.Exists(CertificateFile);
            }
        }
    }

    /// <summary>The certificate without its key: for its dates.</summary>
    public X509Certificate2 LoadCertificate()
    {
        lock (_gate)
        {
            CompletePendingReplace();
            return X509CertificateLoader.LoadCertificateFromFile(CertificateFile);
        }
    }

    /// <summary>The certificate with its private key, in a form TLS can present: on Windows SChannel cannot use an
    /// ephemeral key, so the pair makes a round trip through PKCS#12.</summary>
    public X509Certificate2 LoadWithKey()
    {
        lock (_gate)
        {
            CompletePendingReplace();
            var certificate = X509Certificate2.CreateFromPemFile(CertificateFile, KeyFile);
            if (!OperatingSystem.IsWindows())
            {
                return certificate;
            }

            using (certificate)
            {
                return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), password: null);
            }
        }
    }

    /// <summary>Stores a key and the certificate issued for it, replacing the current pair only once both are written.</summary>
    /// <exception cref="EnrolmentException">The certificate is not for this key.</exception>
    public void Store(ECDsa key, byte[] certificateDer)
    {
        ArgumentNullException.ThrowIfNull(key);
        using var certificate = X509CertificateLoader.LoadCertificate(certificateDer);
        if (!SameKey(certificate, key))
        {
            throw new EnrolmentException("the collector returned a certificate for another key than the one this agent asked for");
        }

        lock (_gate)
        {
            CreateFolder();
            // The certificate first: a key.new without its certificate could be mistaken for a finished pair.
            AtomicFile.Write(CertificateFile + Pending, Encoding.ASCII.GetBytes(certificate.ExportCertificatePem()));
            SecretFile.WriteAtomically(KeyFile + Pending, Encoding.ASCII.GetBytes(key.ExportPkcs8PrivateKeyPem()));
            CompletePendingReplace();
        }
    }

    public void StoreCollectorCa(X509Certificate2 ca)
    {
        ArgumentNullException.ThrowIfNull(ca);
        CreateFolder();
        AtomicFile.Write(CollectorCaFile, Encoding.ASCII.GetBytes(ca.ExportCertificatePem()));
    }

    /// <param name="collectorCaFile">Where the service finds <see cref="CollectorCaFile"/> (differs under install --root);
    /// null when the collector is trusted by the system.</param>
    public void StoreSettings(Uri collectorUrl, string? collectorCaFile, string agentId)
    {
        ArgumentNullException.ThrowIfNull(collectorUrl);
        var settings = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [Setting(nameof(AgentOptions.CollectorUrl))] = collectorUrl.ToString().TrimEnd('/'),
            [Setting(nameof(AgentOptions.Id))] = agentId,
        };
        if (collectorCaFile is not null)
        {
            settings[Setting(nameof(AgentOptions.CollectorCaFile))] = collectorCaFile;
        }

        CreateFolder();
        AtomicFile.Write(SettingsFile, ServiceConfigFile.Template(settings));
    }

    public static bool SameKey(X509Certificate2 certificate, ECDsa key)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        ArgumentNullException.ThrowIfNull(key);
        using var publicKey = certificate.GetECDsaPublicKey();
        return publicKey is not null && publicKey.ExportSubjectPublicKeyInfo().AsSpan().SequenceEqual(key.ExportSubjectPublicKeyInfo());
    }

    /// <summary>The folder holds the key: on Linux only its owner may even list it.</summary>
    private void CreateFolder() => OwnerOnly.CreateFolder(Folder);

    private static string Setting(string name) => $"{AgentOptions.SectionName}:{name}";

    /// <summary>Finishes a replace that was cut short — or that another process (enroll beside the service) is in the
    /// middle of: the new certificate goes in once the key in place (or the new key) belongs to it. Nothing is ever
    /// deleted here; an unfinished pair stays beside the old one, which is still whole, until the next store.</summary>
    private void CompletePendingReplace()
    {
        var newKey = KeyFile + Pending;
        var newCertificate = CertificateFile + Pending;
        if (!File.Exists(newCertificate))
        {
            return;
        }

        try
        {
            if (File.Exists(newKey) && Belongs(newCertificate, newKey))
            {
                File.Move(newKey, KeyFile, overwrite: true);
            }

            if (File.Exists(KeyFile) && Belongs(newCertificate, KeyFile))
            {
                File.Move(newCertificate, CertificateFile, overwrite: true);
            }
        }
        catch (FileNotFoundException)
        {
            // Another reader finished the same replace first.
        }
    }

    private static bool Belongs(string certificateFile, string keyFile)
    {
        try
        {
            using var certificate = X509CertificateLoader.LoadCertificateFromFile(certificateFile);
            using var key = ECDsa.Create();
            key.ImportFromPem(File.ReadAllText(keyFile));
            return SameKey(certificate, key);
        }
        catch (CryptographicException)
        {
            return false;
        }
    }
}
