using System.Globalization;
using System.Text;

namespace BackupHealth.Collector.Notify.Channels;

/// <summary>The plain-text part, for mail programs and people that read no HTML: the same parts as the HTML one, as
/// aligned lines; links as URLs on their own lines, which every mail program makes clickable.</summary>
internal static class EmailText
{
    private const string Indent = "  ";

    /// <summary>Room for the longest label ("Last success:") and a space, so values line up.</summary>
    private const int LabelWidth = 14;

    public static string Of(Delivery delivery, EmailMail mail)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        ArgumentNullException.ThrowIfNull(mail);
        var text = new StringBuilder();
        text.Append(mail.Intro).Append("\n\n");
        if (mail.HasSummary)
        {
            Summary(text, mail.Alerts);
        }

        if (mail.HowToLink is { } howTo)
        {
            text.Append(howTo).Append("\n\n");
        }

        foreach (var alert in mail.Alerts)
        {
            Alert(text, alert);
        }

        text.Append(CultureInfo.InvariantCulture, $"-- \nBackupHealth notification {delivery.Id}\n");
        return text.ToString();
    }

    private static void Summary(StringBuilder text, IReadOnlyList<EmailAlert> alerts)
    {
        var badge = alerts.Max(a => a.Badge.Length) + 2;
        var name = alerts.Max(a => a.Name.Length) + 2;
        var problem = alerts.Max(a => a.Problem.Length) + 2;
        foreach (var a in alerts)
        {
            text.Append(Indent).Append(a.Badge.PadRight(badge)).Append(a.Name.PadRight(name)).Append(a.Problem.PadRight(problem))
                .Append("since ").Append(a.Since).Append('\n');
        }

        text.Append('\n');
    }

    private static void Alert(StringBuilder text, EmailAlert a)
    {
        text.Append(CultureInfo.InvariantCulture, $"{a.Label}: {a.Title}\n");
        if (a.Callout is { } callout)
        {
            text.Append(CultureInfo.InvariantCulture, $"{Indent}{callout.Label}: {callout.Text}\n");
        }

        Fact(text, "What", a.What);
        Facts(text, a.Situation);
        if (a.NextStep is { } next)
        {
            text.Append(CultureInfo.InvariantCulture, $"\n{Indent}>> Next step: {next}\n\n");
        }

        foreach (var link in a.Links)
        {
            text.Append(CultureInfo.InvariantCulture, $"{Indent}{link.Title}:\n{Indent}{link.Url.AbsoluteUri}\n");
        }

        if (a.Links.Count > 0)
        {
            text.Append('\n');
        }

        if (a.Detail.Count > 0)
        {
            Fact(text, "Detail", string.Join("\n" + Indent + new string(' ', LabelWidth), a.Detail));
        }

        Facts(text, a.Facts);
        Runs(text, a.Runs);
        text.Append('\n');
    }

    private static void Facts(StringBuilder text, IReadOnlyList<EmailFact> facts)
    {
        foreach (var fact in facts)
        {
            Fact(text, fact.Label, fact.Value);
        }
    }

    private static void Fact(StringBuilder text, string label, string value) =>
        text.Append(Indent).Append((label + ":").PadRight(LabelWidth)).Append(value).Append('\n');

    private static void Runs(StringBuilder text, IReadOnlyList<EmailRun> runs)
    {
        if (runs.Count == 0)
        {
            return;
        }

        var time = Math.Max("Time".Length, runs.Max(r => r.Time.Length)) + 2;
        var size = Math.Max("Size".Length, runs.Max(r => r.Size.Length));
        text.Append(Indent).Append("Last runs:\n");
        Run(text, "Status", "Time", "Size", "Message", time, size);
        foreach (var r in runs)
        {
            Run(text, r.Status, r.Time, r.Size, r.Message, time, size);
        }
    }

    private static void Run(StringBuilder text, string status, string time, string size, string message, int timeWidth, int sizeWidth) =>
        text.Append(Indent).Append(Indent).Append(status.PadRight(9)).Append(time.PadRight(timeWidth)).Append(size.PadLeft(sizeWidth))
            .Append(("  " + message).TrimEnd()).Append('\n');
}
