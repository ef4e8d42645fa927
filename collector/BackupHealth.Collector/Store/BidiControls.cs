using System.Buffers;
using System.Text;

namespace BackupHealth.Collector.Store;

/// <summary>The Unicode controls that reorder text as it is shown: U+202A–U+202E (embeddings and overrides, e.g.
/// U+202E, which makes <c>vm01‮gpj.exe</c> read as <c>vm01exe.jpg</c>), U+2066–U+2069 (isolates) and the marks
/// U+200E, U+200F, U+061C. Names from agents are not trusted to carry them: a job or VM name could read as another's.</summary>
internal static class BidiControls
{
    // Every character from the first to the last of them: one range, which SearchValues scans fastest.
    private static readonly SearchValues<char> Range =
        SearchValues.Create([.. Enumerable.Range('\u061C', '\u2069' - '\u061C' + 1).Select(c => (char)c)]);

    private static readonly SearchValues<char> Controls =
        SearchValues.Create("\u061C\u200E\u200F\u202A\u202B\u202C\u202D\u202E\u2066\u2067\u2068\u2069");

    /// <summary><paramref name="text"/> without them: the same instance, and nothing allocated, when it has none. This
    /// runs for every text field of every observation ingested: about 11 ns a field (docs/notifications.md).</summary>
    public static string Strip(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var rest = text.AsSpan();
        // All of them lie in U+061C–U+2069: a range scan is the fastest there is, and rules out almost every name (ASCII,
        // Latin, Cyrillic, CJK) before the exact set, which .NET can only search far more slowly, is looked for.
        var at = rest.IndexOfAny(Range) < 0 ? -1 : rest.IndexOfAny(Controls);
        if (at < 0)
        {
            return text;
        }

        var kept = new StringBuilder(text.Length);
        do
        {
            kept.Append(rest[..at]);
            rest = rest[(at + 1)..];
            at = rest.IndexOfAny(Controls);
        }
        while (at >= 0);
        return kept.Append(rest).ToString();
    }

    /// <summary><see cref="Strip"/> for an optional text.</summary>
    public static string? StripOptional(string? text) => text is null ? null : Strip(text);
}
