namespace BackupHealth.Collector.Notify.Channels;

/// <summary>Text for Slack, where <c>&amp;</c>, <c>&lt;</c> and <c>&gt;</c> are control characters in every text
/// object — the top-level <c>text</c> (shown as mrkdwn in notifications), headers, sections, contexts: a name from an
/// agent such as <c>&lt;!channel&gt;</c> would notify the whole channel and <c>&lt;https://evil|click&gt;</c> would be a
/// link. Slack asks for exactly these three as HTML entities and shows them as written.</summary>
internal static class SlackMrkdwn
{
    /// <summary>The longest entity <see cref="Escape"/> writes, <c>&amp;amp;</c>.</summary>
    private const int LongestEntity = 5;

    public static string Escape(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.AsSpan().IndexOfAny('&', '<', '>') < 0
            ? text
            : text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);
    }

    /// <summary>A link of the collector's own, <c>&lt;url|label&gt;</c>: the only <c>&lt;</c> a message holds. The URL
    /// is escaped as Slack asks, and a <c>|</c> in it (which would end it) percent-encoded.</summary>
    public static string Link(Uri url, string label)
    {
        ArgumentNullException.ThrowIfNull(url);
        return $"<{Escape(url.AbsoluteUri).Replace("|", "%7C", StringComparison.Ordinal)}|{Escape(label)}>";
    }

    /// <summary>Escaped text cut to <paramref name="max"/> characters without cutting an entity in two.</summary>
    public static string Truncate(string escaped, int max)
    {
        ArgumentNullException.ThrowIfNull(escaped);
        if (escaped.Length <= max)
        {
            return escaped;
        }

        var cut = max - 1;
        var amp = escaped.LastIndexOf('&', cut - 1, Math.Min(cut, LongestEntity - 1));
        if (amp >= 0 && escaped.IndexOf(';', amp, cut - amp) < 0)
        {
            cut = amp;
        }

        return escaped[..cut] + "…";
    }
}
