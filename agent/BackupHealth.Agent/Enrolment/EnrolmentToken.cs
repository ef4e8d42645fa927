using System.Buffers.Text;
using System.Text.Json;
using BackupHealth.Contracts;

namespace BackupHealth.Agent.Enrolment;

/// <summary>A one-time enrolment token: <c>bhe_</c> and the base64url (no padding) of the UTF-8 JSON
/// <c>{"url":"https://collector.example:5180","pin":"sha256:…","secret":"…"}</c>. The URL and pin say which collector
/// to trust (no pin: the system's trust, for a collector with a public certificate); only the secret authorises.</summary>
internal sealed record EnrolmentToken(Uri Url, string? Pin, string Secret)
{
    /// <summary>Never shows the secret, e.g. in an exception or a debugger.</summary>
    public override string ToString() => $"enrolment token for {Url} (pin {Pin ?? "none"})";

    /// <exception cref="EnrolmentException">The text is not an enrolment token; the message says what is wrong with it.</exception>
    public static EnrolmentToken Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var value = text.Trim();
        if (!value.StartsWith(EnrolmentTokenFormat.Prefix, StringComparison.Ordinal))
        {
            throw new EnrolmentException($"not an enrolment token: it must start with {EnrolmentTokenFormat.Prefix} (an agent token bha_… is set as Agent:Token instead)");
        }

        byte[] json;
        try
        {
            json = Base64Url.DecodeFromChars(value.AsSpan(EnrolmentTokenFormat.Prefix.Length));
        }
        catch (FormatException)
        {
            throw new EnrolmentException($"the enrolment token is damaged: the text after {EnrolmentTokenFormat.Prefix} is not base64url (was it cut off or wrapped when copied?)");
        }

        EnrolmentTokenPayload? payload;
        try
        {
            payload = JsonSerializer.Deserialize(json, EnrolmentJsonContext.Default.EnrolmentTokenPayload);
        }
        catch (JsonException)
        {
            payload = null;
        }

        if (payload is null)
        {
            throw new EnrolmentException("the enrolment token is damaged: its content is not the expected JSON");
        }

        return new EnrolmentToken(ParseUrl(payload.Url), ParsePin(payload.Pin), ParseSecret(payload.Secret));
    }

    private static Uri ParseUrl(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new EnrolmentException("the enrolment token names no collector URL");
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var url) || url.Scheme != Uri.UriSchemeHttps || string.IsNullOrEmpty(url.Host))
        {
            throw new EnrolmentException($"the enrolment token's collector URL '{text}' is not an absolute https:// URL");
        }

        return url;
    }

    private static string? ParsePin(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        return CollectorPin.Normalize(text)
            ?? throw new EnrolmentException($"the enrolment token's pin '{text}' is not {CollectorPin.Prefix} followed by 64 hex digits");
    }

    private static string ParseSecret(string? text) =>
        string.IsNullOrWhiteSpace(text) ? throw new EnrolmentException("the enrolment token has no secret") : text;
}
