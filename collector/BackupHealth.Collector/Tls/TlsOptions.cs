namespace BackupHealth.Collector.Tls;

/// <summary>The <c>Collector:Tls</c> section: the certificate both https listeners present. Without
/// <see cref="CertificatePath"/> the collector makes its own CA and server certificate in <c>DataPath/tls</c>
/// (docs/security.md).</summary>
internal sealed class TlsOptions
{
    public const string SectionName = "Collector:Tls";
    public const int MaxNames = 50;

    /// <summary>A PEM file with the server certificate first and then its chain (include the root CA so that agents can
    /// pin it), or a PKCS#12 file (<c>.pfx</c>/<c>.p12</c>). Read again when it changes on disk.</summary>
    public string CertificatePath { get; set; } = "";

    /// <summary>The PEM private key of <see cref="CertificatePath"/> (PKCS#8, PKCS#1 or SEC1; may be encrypted); empty
    /// when the key is in the certificate file.</summary>
    public string KeyPath { get; set; } = "";

    /// <summary>A file holding the password of a PKCS#12 file or of an encrypted key; never the password itself.</summary>
    public string PasswordFile { get; set; } = "";

    /// <summary>DNS names and IP addresses the collector's own server certificate covers. Empty: <c>localhost</c>, this
    /// machine's name, 127.0.0.1, ::1 and the IP addresses the listeners are bound to.</summary>
    public List<string> Names { get; set; } = [];
}
