using BackupHealth.Collector.Model;
using BackupHealth.Collector.Store;

namespace BackupHealth.Collector.Notify.Channels;

/// <summary>The HTML part's inline styles, in one place. Mail programs drop style sheets and scripts (Gmail keeps a
/// few, Outlook for Windows renders with Word), so every element carries its own style and the layout is tables and
/// text that flows: one column up to 640 px, nothing wider than a phone. Colour marks severity, but a text label
/// always says it too.</summary>
internal static class EmailStyle
{
    public const string Font = "font-family:'Segoe UI',Helvetica,Arial,sans-serif";
    public const string Text = "#1f2937";
    public const string Muted = "#4b5563";
    public const string Line = "#d1d5db";
    public const string Page = "#f3f4f6";
    public const string Link = "#1d4ed8";

    /// <summary>Keeps a time or a size on one line.</summary>
    public const string NoWrap = "white-space:nowrap";

    /// <summary>Long paths and names without spaces break rather than widen the column.</summary>
    public const string BreakLong = "overflow-wrap:anywhere;word-break:break-word";

    /// <summary>Red for critical, amber for warning while they fire; blue once a person is on it; green when
    /// resolved. Each with white text at a contrast of at least 4.5:1.</summary>
    public static string Colour(AlertChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        return change.Kind switch
        {
            AlertChangeKind.Resolved => "#1b5e20",
            AlertChangeKind.Acknowledged => "#1e4e8c",
            _ => change.Severity == AlertSeverity.Critical ? "#b71c1c" : "#a84300",
        };
    }

    /// <summary>A run's status in its colour (the word is the label).</summary>
    public static string StatusColour(string status) => status switch
    {
        StatusNames.Failed => "#b71c1c",
        StatusNames.Warning => "#a84300",
        StatusNames.Success => "#1b5e20",
        _ => Muted,
    };

    /// <summary>A label on a coloured ground.</summary>
    public static string Badge(string colour) =>
        $"display:inline-block;background:{colour};color:#ffffff;font-weight:bold;font-size:12px;line-height:1.4;padding:1px 6px;border-radius:3px;{NoWrap}";

    /// <summary>Callouts: a re-open is a warning, anything else news.</summary>
    public static string Callout(bool attention) => attention
        ? "margin:0 0 10px;padding:8px 10px;background:#fdecea;border:1px solid #e8a39b;border-radius:4px"
        : "margin:0 0 10px;padding:8px 10px;background:#eef4fb;border:1px solid #a9c3e3;border-radius:4px";

    public const string NextStep = "background:#fff8e1;border:1px solid #f0c36d;border-left:4px solid #d48806;border-radius:4px;padding:8px 10px";

    /// <summary>Tables break words only at spaces: breaking anywhere would let a column shrink to a letter a line.</summary>
    public const string Table = "border-collapse:collapse;overflow-wrap:normal;word-break:normal";

    public const string Cell = "padding:4px 6px;vertical-align:top;text-align:left";

    public const string Heading = "padding:4px 6px;vertical-align:bottom;text-align:left;font-weight:bold;color:" + Muted;

    /// <summary>A button every mail program draws: the link's padding makes all of it clickable where links take
    /// padding; Outlook for Windows ignores that and pads the cell instead (<c>mso-padding-alt</c>).</summary>
    public static string ButtonCell(bool primary) =>
        $"mso-padding-alt:9px 16px;border-radius:4px;background:{(primary ? Link : "#ffffff")};border:1px solid {Link}";

    public static string Button(bool primary) =>
        $"display:inline-block;padding:9px 16px;{Font};font-size:14px;font-weight:bold;line-height:1.2;color:{(primary ? "#ffffff" : Link)};text-decoration:none;border-radius:4px;{NoWrap}";
}
