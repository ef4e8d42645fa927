using System.Buffers;
using System.Text;

namespace BackupHealth.Collector.Notify.Channels;

/// <summary>Text for an Adaptive Card in Teams, whose TextBlocks and fact values render a subset of Markdown: a name
/// from an agent such as <c>[click](https://evil)</c> would be a link and <c>**</c> or <c>_</c> would change what is
/// shown. The characters that start such markup are backslash-escaped, as CommonMark defines, so they show as
/// written: emphasis and code (<c>* _ ~ `</c>), links and images (<c>[ ]</c>: without them a <c>(</c> starts nothing),
/// autolinks (<c>&lt; &gt;</c>) and the backslash itself.</summary>
internal static class TeamsMarkdown
{
    private static readonly SearchValues<char> Markup = SearchValues.Create("\\`*_~[]<>");

    public static string Escape(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.AsSpan().IndexOfAny(Markup) < 0)
        {
            return text;
        }

        var escaped = new StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            if (Markup.Contains(c))
            {
                escaped.Append('\\');
            }

            escaped.Append(c);
        }

        return escaped.ToString();
    }
}
