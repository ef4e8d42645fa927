using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using BackupHealth.Contracts;

namespace BackupHealth.Collector.Enrolment;

/// <summary>Makes and reads the text of an enrolment token (<see cref="EnrolmentTokenFormat"/>). The collector keeps
/// only the secret's hash.</summary>
internal static class EnrolmentTokenText
{
    public static string NewSecret() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    public static string Format(Uri url, string? pin, string secret)
    {
        ArgumentNullException.ThrowIfNull(url);
        var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString(EnrolmentTokenFormat.UrlMember, url.ToString().TrimEnd('/'));
            json.WriteString(EnrolmentTokenFormat.PinMember, pin ?? "");
            json.WriteString(EnrolmentTokenFormat.SecretMember, secret);
            json.WriteEndObject();
        }

        return EnrolmentTokenFormat.Prefix + Base64Url.EncodeToString(buffer.ToArray());
    }

    /// <summary>The secret in a token text, or null when the text is not a token.</summary>
    public static string? SecretOf(string text)
    {
        if (text is null || !text.StartsWith(EnrolmentTokenFormat.Prefix, StringComparison.Ordinal))
        {
            return null;
        }

        try
        {
            using var json = JsonDocument.Parse(Encoding.UTF8.GetString(Base64Url.DecodeFromChars(text.AsSpan(EnrolmentTokenFormat.Prefix.Length))));
            return json.RootElement.TryGetProperty(EnrolmentTokenFormat.SecretMember, out var secret) ? secret.GetString() : null;
        }
        catch (Exception ex) when (ex is FormatException or JsonException or InvalidOperationException)
        {
            return null;
        }
    }
}
