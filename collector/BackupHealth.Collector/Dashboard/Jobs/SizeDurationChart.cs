using System.Text;
using BackupHealth.Collector.Expectations;
using BackupHealth.Collector.Model;
using BackupHealth.Collector.Rules;

namespace BackupHealth.Collector.Dashboard.Jobs;

/// <summary>Draws a job's backup size and duration over time as an inline SVG: size on the left axis (decimal
/// bytes), duration on the right, time along the bottom (labelled at UTC day or hour boundaries, <see cref="TimeTicks"/>),
/// failed runs marked with a red cross, a run of unknown duration a gap in the duration line. Drawn on the server —
/// no script, no stylesheet, no outside resource, so it passes a strict Content-Security-Policy — with a fixed
/// viewBox so the page can size it. Colours are presentation attributes; the class names (bh-size, bh-duration,
/// bh-failed, bh-axis) let a stylesheet override them.</summary>
internal static class SizeDurationChart
{
    public const int Width = 720;
    public const int Height = 260;

    private const double Left = 70;
    private const double Right = Width - 70;
    private const double Top = 30;
    private const double Bottom = Height - 34;
    private const int Ticks = 4;
    private const string SizeColour = "#2b6cb0";
    private const string DurationColour = "#b7791f";
    private const string FailedColour = "#c53030";
    private const string AxisColour = "#718096";

    private static readonly TimeSpan[] DurationSteps =
    [
        TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(30),
        TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(30),
        TimeSpan.FromHours(1), TimeSpan.FromHours(2), TimeSpan.FromHours(6), TimeSpan.FromHours(12), TimeSpan.FromDays(1),
        TimeSpan.FromDays(2), TimeSpan.FromDays(7),
    ];

    /// <param name="runs">Finished runs, oldest first (as <see cref="JobPage.ChartRuns"/>).</param>
    /// <param name="title">What the chart is of, e.g. the job's name: its accessible name (escaped).</param>
    public static string Render(IReadOnlyList<ChartRun> runs, string title)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var svg = new StringBuilder(4096);
        var label = $"Size and duration of {title}";
        svg.Append(Inv($"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {Width} {Height}\" role=\"img\" class=\"bh-chart\" aria-label=\""))
            .Append(Escape(label)).Append("\" font-family=\"sans-serif\" font-size=\"11\">")
            .Append("<title>").Append(Escape(label)).Append("</title>");
        Legend(svg);
        svg.Append(Inv($"<rect x=\"{Left}\" y=\"{Top}\" width=\"{Right - Left}\" height=\"{Bottom - Top}\" fill=\"none\" stroke=\"{AxisColour}\" class=\"bh-axis\"/>"));
        if (runs.Count == 0)
        {
            svg.Append(Inv($"<text x=\"{(Left + Right) / 2}\" y=\"{(Top + Bottom) / 2}\" text-anchor=\"middle\" fill=\"{AxisColour}\">No finished runs yet</text>"));
            return svg.Append("</svg>").ToString();
        }

        var sizeStep = NiceBytes(runs.Max(r => r.SizeBytes) / (double)Ticks);
        var durationStep = NiceDuration(runs.Max(r => r.Duration ?? TimeSpan.Zero) / Ticks);
        var first = runs.Min(r => r.Time);
        var last = runs.Max(r => r.Time);
        double X(DateTimeOffset t) => Math.Round(last == first ? (Left + Right) / 2 : Left + ((t - first) / (last - first) * (Right - Left)), 1);
        double YSize(long bytes) => Math.Round(Bottom - (bytes / (sizeStep * Ticks) * (Bottom - Top)), 1);
        double YDuration(TimeSpan d) => Math.Round(Bottom - (d / (durationStep * Ticks) * (Bottom - Top)), 1);

        Axes(svg, sizeStep, durationStep, first, last, X);
        Series(svg, runs.Select(r => (X(r.Time), YSize(r.SizeBytes))), SizeColour, "bh-size", dashed: false);
        // A run of unknown duration is a gap in its line, not a point at 0 s nor a line drawn across it.
        foreach (var known in Stretches(runs, r => r.Duration is not null))
        {
            Series(svg, known.Select(r => (X(r.Time), YDuration(r.Duration!.Value))), DurationColour, "bh-duration", dashed: true);
        }
        foreach (var run in runs)
        {
            Point(svg, run, X(run.Time), YSize(run.SizeBytes), run.Duration is { } d ? YDuration(d) : null);
        }

        return svg.Append("</svg>").ToString();
    }

    private static void Legend(StringBuilder svg)
    {
        svg.Append(Inv($"<g class=\"bh-legend\"><line x1=\"{Left}\" y1=\"14\" x2=\"{Left + 18}\" y2=\"14\" stroke=\"{SizeColour}\" stroke-width=\"2\"/>"))
            .Append(Inv($"<text x=\"{Left + 22}\" y=\"18\">Size</text>"))
            .Append(Inv($"<line x1=\"{Left + 70}\" y1=\"14\" x2=\"{Left + 88}\" y2=\"14\" stroke=\"{DurationColour}\" stroke-width=\"2\" stroke-dasharray=\"4 3\"/>"))
            .Append(Inv($"<text x=\"{Left + 92}\" y=\"18\">Duration</text>"))
            .Append(Cross(Left + 164, 14, FailedColour))
            .Append(Inv($"<text x=\"{Left + 172}\" y=\"18\">Failed</text></g>"));
    }

    private static void Axes(StringBuilder svg, double sizeStep, TimeSpan durationStep, DateTimeOffset first, DateTimeOffset last, Func<DateTimeOffset, double> x)
    {
        svg.Append("<g class=\"bh-axis\">");
        for (var i = 0; i <= Ticks; i++)
        {
            var y = Bottom - (i * (Bottom - Top) / Ticks);
            if (i > 0)
            {
                svg.Append(Inv($"<line x1=\"{Left}\" y1=\"{y}\" x2=\"{Right}\" y2=\"{y}\" stroke=\"#e2e8f0\"/>"));
            }

            svg.Append(Inv($"<text x=\"{Left - 6}\" y=\"{y + 4}\" text-anchor=\"end\" fill=\"{SizeColour}\">"))
                .Append(Escape(Figures.Size((long)(sizeStep * i)))).Append("</text>")
                .Append(Inv($"<text x=\"{Right + 6}\" y=\"{y + 4}\" fill=\"{DurationColour}\">"))
                .Append(Escape(i == 0 ? "0" : DurationText.Format(durationStep * i))).Append("</text>");
        }

        foreach (var (t, text) in TimeTicks.Of(first, last))
        {
            var at = x(t);
            var anchor = first == last ? "middle" : at < Left + 30 ? "start" : at > Right - 30 ? "end" : "middle";
            svg.Append(Inv($"<line class=\"bh-tick\" x1=\"{at}\" y1=\"{Bottom}\" x2=\"{at}\" y2=\"{Bottom + 4}\" stroke=\"{AxisColour}\"/>"))
                .Append(Inv($"<text class=\"bh-time\" x=\"{at}\" y=\"{Bottom + 16}\" text-anchor=\"{anchor}\" fill=\"{AxisColour}\">"))
                .Append(Escape(text)).Append("</text>");
        }

        svg.Append(Inv($"<text x=\"{Right}\" y=\"{Height - 4}\" text-anchor=\"end\" fill=\"{AxisColour}\">UTC</text></g>"));
    }

    /// <summary>The runs split at every run that lacks what <paramref name="has"/> asks for, in order.</summary>
    private static IEnumerable<List<ChartRun>> Stretches(IReadOnlyList<ChartRun> runs, Func<ChartRun, bool> has)
    {
        var stretch = new List<ChartRun>();
        foreach (var run in runs)
        {
            if (has(run))
            {
                stretch.Add(run);
            }
            else if (stretch.Count > 0)
            {
                yield return stretch;
                stretch = [];
            }
        }

        if (stretch.Count > 0)
        {
            yield return stretch;
        }
    }

    private static void Series(StringBuilder svg, IEnumerable<(double X, double Y)> points, string colour, string cssClass, bool dashed)
    {
        var list = points.ToList();
        if (list.Count < 2)
        {
            return;
        }

        svg.Append("<polyline class=\"").Append(cssClass).Append("\" fill=\"none\" stroke=\"").Append(colour).Append("\" stroke-width=\"2\"")
            .Append(dashed ? " stroke-dasharray=\"4 3\"" : "").Append(" points=\"")
            .AppendJoin(' ', list.Select(p => Inv($"{p.X},{p.Y}"))).Append("\"/>");
    }

    /// <summary>A point per run on each series, with a tooltip; a failed run's size point is a red cross.</summary>
    private static void Point(StringBuilder svg, ChartRun run, double x, double ySize, double? yDuration)
    {
        var tip = $"{RuleText.Time(run.Time)}: {(run.Failed ? "failed, " : "")}{Figures.Size(run.SizeBytes)}"
            + (run.Duration is { } d ? $", {DurationText.Format(d)}" : ", duration unknown");
        svg.Append(run.Failed ? "<g class=\"bh-failed\">" : "<g>").Append("<title>").Append(Escape(tip)).Append("</title>");
        svg.Append(run.Failed
            ? Cross(x, ySize, FailedColour)
            : Inv($"<circle class=\"bh-size\" cx=\"{x}\" cy=\"{ySize}\" r=\"3\" fill=\"{SizeColour}\"/>"));
        if (yDuration is { } yd)
        {
            svg.Append(Inv($"<rect class=\"bh-duration\" x=\"{x - 2.5}\" y=\"{yd - 2.5}\" width=\"5\" height=\"5\" fill=\"{DurationColour}\"/>"));
        }

        svg.Append("</g>");
    }

    private static string Cross(double x, double y, string colour) =>
        Inv($"<path class=\"bh-failed-mark\" d=\"M{x - 4},{y - 4}L{x + 4},{y + 4}M{x - 4},{y + 4}L{x + 4},{y - 4}\" stroke=\"{colour}\" stroke-width=\"2.5\"/>");

    /// <summary>The smallest 1, 2 or 5 × 10^n bytes at least <paramref name="perTick"/> (1 byte at least).</summary>
    internal static double NiceBytes(double perTick)
    {
        if (perTick <= 1)
        {
            return 1;
        }

        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(perTick)));
        foreach (var factor in new[] { 1.0, 2.0, 2.5, 5.0, 10.0 })
        {
            if (factor * magnitude >= perTick)
            {
                return factor * magnitude;
            }
        }

        return 10 * magnitude;
    }

    /// <summary>The smallest round duration at least <paramref name="perTick"/>, in whole days beyond a week.</summary>
    internal static TimeSpan NiceDuration(TimeSpan perTick)
    {
        foreach (var step in DurationSteps)
        {
            if (step >= perTick)
            {
                return step;
            }
        }

        return TimeSpan.FromDays(Math.Ceiling(perTick.TotalDays));
    }

    /// <summary>Text and attribute values for XML: the five markup characters as entities, and characters XML
    /// cannot carry at all (control characters, lone surrogates) left out.</summary>
    internal static string Escape(string text)
    {
        var escaped = new StringBuilder(text.Length + 16);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            switch (c)
            {
                case '&': escaped.Append("&amp;"); break;
                case '<': escaped.Append("&lt;"); break;
                case '>': escaped.Append("&gt;"); break;
                case '"': escaped.Append("&quot;"); break;
                case '\'': escaped.Append("&#39;"); break;
                default:
                    if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                    {
                        escaped.Append(c).Append(text[++i]);
                    }
                    else if (!char.IsSurrogate(c) && (c >= ' ' || c is '\t' or '\n' or '\r') && c is not ('\uFFFE' or '\uFFFF'))
                    {
                        escaped.Append(c);
                    }

                    break;
            }
        }

        return escaped.ToString();
    }

    private static string Inv(FormattableString text) => FormattableString.Invariant(text);
}
