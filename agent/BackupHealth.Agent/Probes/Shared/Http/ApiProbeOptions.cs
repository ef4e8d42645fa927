using System.ComponentModel.DataAnnotations;

namespace BackupHealth.Agent.Probes.Shared.Http;

// The source-generated validators replace these reflection-based attributes with strongly typed copies, so nothing
// reflects over them at run time; the trim analyzer only sees the attribute usage.
#pragma warning disable IL2026

/// <summary>Settings every vendor HTTP API probe has: where the API is, how to log in, which certificate to accept
/// and how long one request may take. Each API probe type derives its options from this.</summary>
internal abstract class ApiProbeOptions : ProbeOptions, IApiConnection
{
    public const int DefaultRequestTimeoutSeconds = 60;

    public static readonly TimeSpan MinRequestTimeout = TimeSpan.FromSeconds(1);

    /// <summary>The API's base address, e.g. <c>https://vbr01.example.local:9419/</c>; API paths are appended.</summary>
    [Required]
    public string Url { get; set; } = "";

    [Required]
    public string Username { get; set; } = "";

    /// <summary>Set through the environment (<c>Probes__0__Password</c>), never in a file others can read.</summary>
    public string? Password { get; set; }

    /// <summary>A file holding only the password (trailing newline ignored), read at each login.</summary>
    public string? PasswordFile { get; set; }

    /// <summary>SHA-256 or SHA-1 thumbprint of the server's self-signed certificate; empty means normal validation.</summary>
    public string? CertificateThumbprint { get; set; }

    /// <summary>Checked in <see cref="Validate"/> rather than by a range attribute, since the upper bound differs by
    /// probe type (<see cref="MaxRequestTimeout"/>).</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(DefaultRequestTimeoutSeconds);

    /// <summary>The URL with a trailing slash, so relative API paths append instead of replacing its last segment.</summary>
    public Uri BaseUri => new(Url.EndsWith('/') ? Url : Url + "/", UriKind.Absolute);

    public string ShownUrl => RedactedUrl.Of(Url);

    protected virtual TimeSpan MaxRequestTimeout => TimeSpan.FromMinutes(30);

    /// <summary>The error for a <see cref="Url"/> that is not an absolute http(s) URL, with an example of this
    /// probe type's server, e.g. <c>must be an absolute https URL of the appliance, e.g. https://ueb01/</c>.</summary>
    protected abstract string UrlRequirement { get; }

    public override IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var result in base.Validate(validationContext))
        {
            yield return result;
        }

        if (!string.IsNullOrEmpty(Url)
            && (!Uri.TryCreate(Url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)))
        {
            yield return new ValidationResult(UrlRequirement, [nameof(Url)]);
        }

        foreach (var result in PasswordSetting.Validate(Password, PasswordFile))
        {
            yield return result;
        }

        if (CertificatePin.Validate(CertificateThumbprint) is { } pinError)
        {
            yield return new ValidationResult(pinError, [nameof(CertificateThumbprint)]);
        }

        if (RequestTimeout < MinRequestTimeout || RequestTimeout > MaxRequestTimeout)
        {
            // Worded as the range attribute words it, so every range error reads alike.
            yield return new ValidationResult(
                $"The field {nameof(RequestTimeout)} must be between {MinRequestTimeout} and {MaxRequestTimeout}.", [nameof(RequestTimeout)]);
        }
    }
}
