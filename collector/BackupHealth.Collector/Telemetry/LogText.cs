using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace BackupHealth.Collector.Telemetry;

/// <summary>Text from outside (a typed user name, an agent's words) made safe for one log line: no control, format or
/// line-separator character survives (each becomes <c>?</c>), so nobody can forge a second line; and it is cut. A
/// name typed at sign-in that matches no user is not logged at all — it is often a password typed into the wrong
/// field — but as a keyed hash: the same text gives the same hash until the collector restarts, so repeated tries
/// show, and the hash cannot be reversed by guessing (its key is random and never leaves the process).</summary>
internal static class LogText
{
    public const int MaxLength = 120;

    private static readonly byte[] HashKey = RandomNumberGenerator.GetBytes(32);

    public static string Printable(string? text, int maxLength = MaxLength)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }

        var builder = new StringBuilder(Math.Min(text.Length, maxLength + 1));
        foreach (var rune in text.EnumerateRunes())
        {
            if (builder.Length >= maxLength)
            {
                return builder.Append('…').ToString();
            }

            if (IsPrintable(rune))
            {
                builder.Append(rune.ToString());
            }
            else
            {
                builder.Append('?');
            }
        }

        return builder.ToString();
    }

    /// <summary>A name typed at sign-in, for the log: as typed (printable, cut) when it matches a user, else
    /// <c>unknown name #1a2b3c4d (N characters)</c>.</summary>
    public static string TypedName(string typed, bool matchesUser)
    {
        ArgumentNullException.ThrowIfNull(typed);
        return matchesUser ? Printable(typed.Trim()) : Hashed("unknown name", typed.Trim());
    }

    /// <summary><c>name #1a2b3c4d (N characters)</c>: a typed name, when it is not known whether it is one.</summary>
    public static string HiddenName(string typed)
    {
        ArgumentNullException.ThrowIfNull(typed);
        return Hashed("name", typed);
    }

    private static string Hashed(string what, string text)
    {
        var hash = HMACSHA256.HashData(HashKey, Encoding.UTF8.GetBytes(text));
        return string.Create(CultureInfo.InvariantCulture, $"{what} #{Convert.ToHexStringLower(hash, 0, 4)} ({text.Length} characters)");
    }

    private static bool IsPrintable(Rune rune) => Rune.GetUnicodeCategory(rune) switch
    {
        UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator
            or UnicodeCategory.Surrogate or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned => false,
        _ => true,
    };
}
