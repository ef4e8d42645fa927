using System.ComponentModel.DataAnnotations;
using BackupHealth.Agent.Probes.Http;

namespace BackupHealth.Agent.Probes.XenServer;

// The source-generated validator replaces these reflection-based attributes with strongly typed copies, so nothing
// reflects over them at run time; the trim analyzer only sees the attribute usage.
#pragma warning disable IL2026

/// <summary>A <c>xenserver</c> probe: XAPI over JSON-RPC on a XenServer / XCP-ng pool master.</summary>
internal sealed class XenServerProbeOptions : ProbeOptions
{
    public const int DefaultRequestTimeoutSeconds = 60;

    /// <summary>The pool master, e.g. <c>https://xen01.example.local/</c>; <c>jsonrpc</c> is appended.</summary>
    [Required]
    public string Url { get; set; } = "";

    [Required]
    public string Username { get; set; } = "";

    public string Password { get; set; } = "";

    public string PasswordFile { get; set; } = "";

    /// <summary>SHA-256 or SHA-1 thumbprint of the host's self-signed certificate; empty = normal validation.</summary>
    public string CertificateThumbprint { get; set; } = "";

    [Range(typeof(TimeSpan), "00:00:01", "00:30:00")]
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(DefaultRequestTimeoutSeconds);

    public override IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var result in base.Validate(validationContext))
        {
            yield return result;
        }

        if (!string.IsNullOrEmpty(Url)
            && (!Uri.TryCreate(Url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)))
        {
            yield return new ValidationResult("must be an absolute https URL of the pool master, e.g. https://xen01/", [nameof(Url)]);
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

    /// <summary>The URL with a trailing slash, so <c>jsonrpc</c> appends instead of replacing its last segment.</summary>
    public Uri BaseAddress() => new(Url.EndsWith('/') ? Url : Url + "/");
}
