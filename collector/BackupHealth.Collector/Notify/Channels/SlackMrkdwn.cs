namespace BackupHealth.Collector.Notify.Channels;

/// <summary>Text for Slack, where <c>&amp;</c>, <c>&lt;</c> and <c>&gt;</c> are control characters in every text
/// object — the top-level <c>text</c> (shown as mrkdwn in notifications), headers, sections, contexts: a name from an
/// agent such as <c>&lt;!channel&gt;</c> would notify the whole channel and <c>&lt;https://evil|click&gt;</c> would be a
/// link. Slack asks for exactly these three as HTML entities and shows them as written.</summary>
internal static class SlackMrkdwn
{
    public static string Escape(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.AsSpan().IndexOfAny('&', '<', '>') < 0
            ? text
            : text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);
    }
}
