using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace BackupHealth.Collector.Enrolment;

/// <summary>The text of an enrolment token: <c>bhe_</c> and base64url (no padding) of the JSON
/// <c>{"url":…,"pin":…,"secret":…}</c> — where the agent connects, the pin of the CA it must find there (empty with a
/// public certificate) and the one-time secret. The collector keeps only the secret's hash.</summary>
internal static class EnrolmentTokenText
{
    public const string Prefix = "bhe_";

    public static string NewSecret() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    public static string Format(Uri url, string? pin, string secret)
    {
        ArgumentNullException.ThrowIfNull(url);
        var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("url", url.ToString().TrimEnd('/'));
            json.WriteString("pin", pin ?? "");
            json.WriteString("secret", secret);
            json.WriteEndObject();
        }

        return Prefix + Base64Url.EncodeToString(buffer.ToArray());
    }

    /// <summary>The secret in a token text, or null when the text is not a token.</summary>
    public static string? SecretOf(string text)
    {
        if (text is null || !text.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return null;
        }

        try
        {
            using var json = JsonDocument.Parse(Encoding.UTF8.GetString(Base64Url.DecodeFromChars(text.AsSpan(Prefix.Length))));
            return json.RootElement.TryGetProperty("secret", out var secret) ? secret.GetString() : null;
        }
        catch (Exception ex) when (ex is FormatException or JsonException or InvalidOperationException)
        {
            return null;
        }
    }
}
