using System.ComponentModel.DataAnnotations;
using BackupHealth.Agent.Probes.Http;

namespace BackupHealth.Agent.Probes.Veeam;

// The source-generated validator replaces these reflection-based attributes with strongly typed copies, so nothing
// reflects over them at run time; the trim analyzer only sees the attribute usage.
#pragma warning disable IL2026

/// <summary>A <c>veeam</c> probe: the REST API of one Veeam Backup &amp; Replication server.</summary>
internal sealed class VeeamProbeOptions : ProbeOptions
{
    /// <summary>The lowest v12 revision: the API is backward-compatible, so every v12 server (12.0 to 12.3) accepts it.</summary>
    public const string DefaultApiVersion = "1.1-rev0";
    public const int DefaultPageSize = 200;
    public const int DefaultRequestTimeoutSeconds = 60;
    public const int DefaultLookbackDays = 7;

    /// <summary>e.g. <c>https://vbr01.example.local:9419/</c>.</summary>
    [Required]
    public string Url { get; set; } = "";

    [Required]
    public string Username { get; set; } = "";

    /// <summary>Set through the environment (<c>Probes__0__Password</c>), never in a file others can read.</summary>
    public string? Password { get; set; }

    /// <summary>A file holding only the password (trailing newline ignored), read at each login.</summary>
    public string? PasswordFile { get; set; }

    /// <summary>Sent as <c>x-api-version</c> on every request.</summary>
    [Required]
    [RegularExpression(@"^\d+\.\d+-rev\d+$")]
    public string ApiVersion { get; set; } = DefaultApiVersion;

    /// <summary>Sessions and jobs asked for per request (<c>limit</c>); a server may return fewer.</summary>
    [Range(1, 10_000)]
    public int PageSize { get; set; } = DefaultPageSize;

    /// <summary>SHA-256 or SHA-1 thumbprint of the server's self-signed certificate; empty means normal validation.</summary>
    public string? CertificateThumbprint { get; set; }

    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(DefaultRequestTimeoutSeconds);

    /// <summary>How far back the very first run reads sessions; later runs continue from where the last one stopped.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "365.00:00:00")]
    public TimeSpan Lookback { get; set; } = TimeSpan.FromDays(DefaultLookbackDays);

    /// <summary>Session types to report (e.g. <c>BackupJob</c>, <c>BackupCopyJob</c>); empty reports every type.</summary>
    public IList<string> SessionTypes { get; } = [];

    public Uri BaseUri => new(Url.EndsWith('/') ? Url : Url + "/", UriKind.Absolute);

    public override IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var result in base.Validate(validationContext))
        {
            yield return result;
        }

        if (!string.IsNullOrEmpty(Url)
            && (!Uri.TryCreate(Url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)))
        {
            yield return new ValidationResult("must be an absolute https URI such as https://vbr01:9419/", [nameof(Url)]);
        }

        foreach (var result in PasswordSetting.Validate(Password, PasswordFile))
        {
            yield return result;
        }

        if (CertificatePin.Validate(CertificateThumbprint) is { } pinError)
        {
            yield return new ValidationResult(pinError, [nameof(CertificateThumbprint)]);
        }
    }
}
