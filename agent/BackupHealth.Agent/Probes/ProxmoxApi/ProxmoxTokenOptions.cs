using System.ComponentModel.DataAnnotations;
using BackupHealth.Agent.Probes.Shared.Http;

namespace BackupHealth.Agent.Probes.ProxmoxApi;

// The source-generated validators replace these reflection-based attributes with strongly typed copies, so nothing
// reflects over them at run time; the trim analyzer only sees the attribute usage.
#pragma warning disable IL2026

/// <summary>Settings of a Proxmox API probe (VE or Backup Server): where the API is and the API token it uses. Proxmox
/// API tokens are an id (<c>user@realm!tokenname</c>) and a secret sent on every request, with no login, so these
/// are not <see cref="ApiProbeOptions"/>' user name and password.</summary>
internal abstract class ProxmoxTokenOptions : ProbeOptions, IApiConnection
{
    public const int DefaultRequestTimeoutSeconds = ApiProbeOptions.DefaultRequestTimeoutSeconds;

    private static readonly TimeSpan MinRequestTimeout = ApiProbeOptions.MinRequestTimeout;
    private static readonly TimeSpan MaxRequestTimeout = TimeSpan.FromMinutes(30);

    /// <summary>The API's base address, e.g. <c>https://pve1.example.local:8006/</c>; <c>api2/json/...</c> is appended.</summary>
    [Required]
    public string Url { get; set; } = "";

    /// <summary>The token's full id, <c>user@realm!tokenname</c>, e.g. <c>backuphealth@pve!monitor</c>.</summary>
    [Required]
    public string TokenId { get; set; } = "";

    /// <summary>The token secret (a UUID); set it through the environment (<c>Probes__0__Secret</c>).</summary>
    public string? Secret { get; set; }

    /// <summary>Or: a file holding only the secret (trailing newline ignored), read at each run.</summary>
    public string? SecretFile { get; set; }

    /// <summary>SHA-256 or SHA-1 thumbprint of the server's self-signed certificate; empty means normal validation.</summary>
    public string? CertificateThumbprint { get; set; }

    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(DefaultRequestTimeoutSeconds);

    public Uri BaseUri => new(Url.EndsWith('/') ? Url : Url + "/", UriKind.Absolute);

    public string ShownUrl => RedactedUrl.Of(Url);

    /// <summary>The error for a <see cref="Url"/> that is not an absolute http(s) URL, with an example.</summary>
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

        if (!string.IsNullOrEmpty(TokenId) && !IsTokenId(TokenId))
        {
            yield return new ValidationResult("must be the token's full id, user@realm!tokenname (e.g. backuphealth@pve!monitor)", [nameof(TokenId)]);
        }

        foreach (var result in PasswordSetting.Validate(Secret, SecretFile, nameof(Secret), nameof(SecretFile)))
        {
            yield return result;
        }

        if (CertificatePin.Validate(CertificateThumbprint) is { } pinError)
        {
            yield return new ValidationResult(pinError, [nameof(CertificateThumbprint)]);
        }

        if (RequestTimeout < MinRequestTimeout || RequestTimeout > MaxRequestTimeout)
        {
            yield return new ValidationResult(
                $"The field {nameof(RequestTimeout)} must be between {MinRequestTimeout} and {MaxRequestTimeout}.", [nameof(RequestTimeout)]);
        }
    }

    /// <summary>Read at each run, so a rotated secret file takes effect without a restart.</summary>
    public string ReadSecret() => PasswordSetting.Read(Secret, SecretFile);

    private static bool IsTokenId(string id)
    {
        var bang = id.IndexOf('!', StringComparison.Ordinal);
        var at = id.IndexOf('@', StringComparison.Ordinal);
        return at > 0 && bang > at + 1 && bang < id.Length - 1 && !id.Any(c => char.IsWhiteSpace(c) || c is '=' or ':');
    }
}
