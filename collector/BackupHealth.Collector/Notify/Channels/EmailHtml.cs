using System.Globalization;
using System.Net;
using System.Text;
using BackupHealth.Collector.Notify.Links;
using static BackupHealth.Collector.Notify.Channels.EmailStyle;

namespace BackupHealth.Collector.Notify.Channels;

/// <summary>The HTML part: one column of at most 640 px (a fixed-width table for Outlook for Windows, which knows no
/// max-width), a summary table when there are several alerts, then a card per alert with its severity in colour and
/// in words, the next step in a box of its own, and table-based buttons. Every text is HTML-encoded; times and sizes
/// never wrap inside (a time's UTC part may move below its local part on a phone).</summary>
internal static class EmailHtml
{
    public static string Of(Delivery delivery, EmailMail mail)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        ArgumentNullException.ThrowIfNull(mail);
        var html = new StringBuilder();
        html.Append(CultureInfo.InvariantCulture, $"""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="x-apple-disable-message-reformatting">
            <title>{E(mail.Subject)}</title></head>
            <body style="margin:0;padding:0;background:{Page}">
            <table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="background:{Page}"><tr><td align="center" style="padding:12px 8px">
            <!--[if mso]><table role="presentation" width="640" cellpadding="0" cellspacing="0" border="0"><tr><td><![endif]-->
            <div style="max-width:640px;margin:0 auto;text-align:left;{Font};font-size:15px;line-height:1.45;color:{Text};{BreakLong}">
            <p style="margin:0 0 12px;color:{Muted}">{E(mail.Where)}: {E(mail.Count)} at {Time(mail.At)}</p>

            """);
        if (mail.HasSummary)
        {
            Summary(html, mail.Alerts);
        }

        if (mail.HowToLink is { } howTo)
        {
            html.Append(CultureInfo.InvariantCulture, $"<p style=\"{Callout(attention: false)}\">{E(howTo)}</p>\n");
        }

        foreach (var alert in mail.Alerts)
        {
            Alert(html, alert);
        }

        html.Append(CultureInfo.InvariantCulture, $"""
            <p style="margin:8px 0 0;font-size:12px;color:{Muted}">BackupHealth notification {delivery.Id}</p>
            </div>
            <!--[if mso]></td></tr></table><![endif]-->
            </td></tr></table>
            </body></html>

            """);
        return html.ToString();
    }

    /// <summary>Two columns, so the names keep the room a phone has: the alert (name, severity, problem) and since when.</summary>
    private static void Summary(StringBuilder html, IReadOnlyList<EmailAlert> alerts)
    {
        html.Append(CultureInfo.InvariantCulture, $"""
            <div style="overflow-x:auto;margin:0 0 16px">
            <table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="{Table};background:#ffffff;border:1px solid {Line};font-size:14px">
            <tr><th style="{Heading}">Alert</th><th style="{Heading}">Since</th></tr>

            """);
        foreach (var a in alerts)
        {
            html.Append(CultureInfo.InvariantCulture,
                $"<tr><td style=\"{Cell};border-top:1px solid {Line}\"><strong>{E(a.Name)}</strong><br><span style=\"{Badge(Colour(a.Change))}\">{E(a.Badge)}</span> {E(a.Problem)}</td><td style=\"{Cell};border-top:1px solid {Line}\">{Time(a.Since)}</td></tr>\n");
        }

        html.Append("</table>\n</div>\n");
    }

    private static void Alert(StringBuilder html, EmailAlert a)
    {
        var colour = Colour(a.Change);
        html.Append(CultureInfo.InvariantCulture, $"""
            <table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="margin:0 0 16px;border-collapse:separate"><tr>
            <td style="background:#ffffff;border:1px solid {Line};border-left:6px solid {colour};border-radius:4px;padding:12px 14px">
            <p style="margin:0 0 6px"><span style="{Badge(colour)}">{E(a.Label)}</span> <span style="font-size:12px;color:{Muted};{NoWrap}">{E(a.Change.AlertKey)}</span></p>
            <h2 style="margin:0 0 8px;font-size:18px;line-height:1.3;color:#111827">{E(a.Title)}</h2>

            """);
        if (a.Callout is { } callout)
        {
            html.Append(CultureInfo.InvariantCulture,
                $"<p style=\"{Callout(callout.Attention)}\"><strong>{E(callout.Label)}:</strong> {E(callout.Text)}</p>\n");
        }

        html.Append(CultureInfo.InvariantCulture, $"<p style=\"margin:0 0 8px\">{E(a.What)}</p>\n");
        Facts(html, a.Situation, small: false);
        if (a.NextStep is { } next)
        {
            html.Append(CultureInfo.InvariantCulture,
                $"<table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\" style=\"margin:10px 0\"><tr><td style=\"{NextStep}\"><strong>Next step</strong><br>{E(next)}</td></tr></table>\n");
        }

        Buttons(html, a.Links);
        if (a.Detail.Count > 0)
        {
            html.Append(CultureInfo.InvariantCulture,
                $"<p style=\"margin:10px 0 8px;padding:8px 10px;background:{Page};border-radius:4px\"><span style=\"color:{Muted}\">Detail:</span><br>{string.Join("<br>", a.Detail.Select(E))}</p>\n");
        }

        Facts(html, a.Facts, small: true);
        Runs(html, a.Runs);
        html.Append("</td></tr></table>\n");
    }

    private static void Facts(StringBuilder html, IReadOnlyList<EmailFact> facts, bool small)
    {
        var size = small ? "font-size:13px;" : "";
        foreach (var fact in facts)
        {
            html.Append(CultureInfo.InvariantCulture,
                $"<p style=\"margin:0 0 2px;{size}\"><span style=\"color:{Muted}\">{E(fact.Label)}:</span> {(fact.IsTime ? Time(fact.Value) : E(fact.Value))}</p>\n");
        }
    }

    private static void Buttons(StringBuilder html, IReadOnlyList<AlertLink> links)
    {
        if (links.Count == 0)
        {
            return;
        }

        html.Append("<table role=\"presentation\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\" style=\"margin:10px 0\"><tr>\n");
        for (var i = 0; i < links.Count; i++)
        {
            var primary = i == 0;
            if (!primary)
            {
                html.Append("<td style=\"width:8px;font-size:0;line-height:0\">&nbsp;</td>\n");
            }

            html.Append(CultureInfo.InvariantCulture,
                $"<td style=\"{ButtonCell(primary)}\"><a href=\"{E(links[i].Url.AbsoluteUri)}\" style=\"{Button(primary)}\">{E(links[i].Title)}</a></td>\n");
        }

        html.Append("</tr></table>\n");
    }

    /// <summary>Status, time and size in columns narrow enough for a phone, each run's message on a row of its own
    /// beneath; a table still too wide (a long path without spaces) scrolls inside its box, not the page.</summary>
    private static void Runs(StringBuilder html, IReadOnlyList<EmailRun> runs)
    {
        if (runs.Count == 0)
        {
            return;
        }

        html.Append(CultureInfo.InvariantCulture, $"""
            <p style="margin:12px 0 4px;font-size:13px;color:{Muted}">Last runs</p>
            <div style="overflow-x:auto">
            <table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="{Table};font-size:13px">
            <tr><th style="{Heading}">Status</th><th style="{Heading}">Time</th><th style="{Heading};text-align:right">Size</th></tr>

            """);
        foreach (var r in runs)
        {
            var line = $"border-top:1px solid {Line}";
            html.Append(CultureInfo.InvariantCulture,
                $"<tr><td style=\"{Cell};{line};font-weight:bold;color:{StatusColour(r.Status)}\">{E(r.Status)}</td><td style=\"{Cell};{line}\">{Time(r.Time)}</td><td style=\"{Cell};{line};text-align:right\"><span style=\"{NoWrap}\">{E(r.Size)}</span></td></tr>\n");
            if (r.Message.Length > 0)
            {
                html.Append(CultureInfo.InvariantCulture, $"<tr><td colspan=\"3\" style=\"{Cell};padding-top:0;color:{Muted}\">{E(r.Message)}</td></tr>\n");
            }
        }

        html.Append("</table>\n</div>\n");
    }

    /// <summary>A time of <see cref="NotificationText.Time(DateTimeOffset, TimeZoneInfo)"/> as two unbreakable parts, the
    /// customer's and the UTC one beside it: on a narrow screen the UTC part moves below, but neither breaks.</summary>
    private static string Time(string time)
    {
        var utc = time.IndexOf(" (", StringComparison.Ordinal);
        return utc < 0
            ? $"<span style=\"{NoWrap}\">{E(time)}</span>"
            : $"<span style=\"{NoWrap}\">{E(time[..utc])}</span> <span style=\"{NoWrap}\">{E(time[(utc + 1)..])}</span>";
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
