using System.Globalization;
using System.Xml.Linq;
using BackupHealth.Collector.Dashboard.Jobs;

namespace BackupHealth.Collector.Tests.Dashboard;

public sealed class SizeDurationChartTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";
    private static readonly DateTimeOffset Start = new(2025, 6, 1, 2, 0, 0, TimeSpan.Zero);

    private static XElement Parse(string svg) => XElement.Parse(svg);

    private static List<ChartRun> Runs(int count) => Enumerable.Range(0, count)
        .Select(i => new ChartRun(Start.AddDays(i), (100 + (i * 10)) * 1_000_000_000L, TimeSpan.FromMinutes(30 + i), Failed: i == 2))
        .ToList();

    private static List<(double X, double Y)> Points(XElement root, string cssClass) => root.Descendants(Svg + "polyline")
        .Single(p => (string?)p.Attribute("class") == cssClass).Attribute("points")!.Value
        .Split(' ').Select(p => p.Split(',')).Select(p => (double.Parse(p[0], CultureInfo.InvariantCulture), double.Parse(p[1], CultureInfo.InvariantCulture)))
        .ToList();

    private static List<(string Text, double X)> TimeLabels(XElement root) => root.Descendants(Svg + "text")
        .Where(t => (string?)t.Attribute("y") == "242")
        .Select(t => (t.Value, double.Parse((string)t.Attribute("x")!, CultureInfo.InvariantCulture)))
        .ToList();

    [Fact]
    public void Many_runs_draw_two_series_left_to_right_in_a_fixed_viewbox()
    {
        var root = Parse(SizeDurationChart.Render(Runs(10), "SQL nightly"));

        Assert.Equal("0 0 720 260", (string?)root.Attribute("viewBox"));
        Assert.Null(root.Attribute("width"));
        var size = Points(root, "bh-size");
        var duration = Points(root, "bh-duration");
        Assert.Equal(10, size.Count);
        Assert.Equal(10, duration.Count);
        Assert.True(size.Zip(size.Skip(1)).All(p => p.First.X < p.Second.X));
        // Bigger backups sit higher (smaller y) in SVG's downward y axis.
        Assert.True(size.Zip(size.Skip(1)).All(p => p.First.Y > p.Second.Y));
        Assert.All(size.Concat(duration), p => Assert.InRange(p.Y, 30, 226));
        Assert.Equal((70, 650), (size[0].X, size[^1].X));
    }

    [Fact]
    public void Axes_label_sizes_in_bytes_units_and_durations_readably()
    {
        var texts = Parse(SizeDurationChart.Render(Runs(10), "SQL nightly")).Descendants(Svg + "text").Select(t => t.Value).ToList();

        Assert.Contains("200.0 GB", texts);
        Assert.Contains("0 B", texts);
        Assert.Contains("45 min", texts);
        Assert.Contains("2025-06-09", texts);
    }

    [Fact]
    public void Time_labels_sit_at_utc_midnights_each_date_once()
    {
        // Four daily runs at 02:00: 1 to 4 June. Labels at fractions of the span said 06-01 twice and sat nowhere near
        // the start of the day they named.
        var root = Parse(SizeDurationChart.Render(Runs(4), "job"));

        var labels = TimeLabels(root);
        Assert.Equal(["2025-06-02", "2025-06-03", "2025-06-04"], labels.Select(l => l.Text));
        foreach (var (text, x) in labels)
        {
            var midnight = DateTimeOffset.Parse(text + "T00:00:00Z", CultureInfo.InvariantCulture);
            Assert.Equal(Math.Round(70 + ((midnight - Start) / TimeSpan.FromDays(3) * 580), 1), x);
        }
    }

    [Fact]
    public void A_long_history_is_labelled_at_whole_days_a_round_step_apart_and_a_short_one_at_whole_hours()
    {
        var month = Enumerable.Range(0, 60).Select(i => new ChartRun(Start.AddDays(i), 1000, TimeSpan.FromMinutes(5), false)).ToList();
        var hours = Enumerable.Range(0, 10).Select(i => new ChartRun(Start.AddMinutes(17 + (i * 61)), 1000, TimeSpan.FromMinutes(5), false)).ToList();

        var days = TimeLabels(Parse(SizeDurationChart.Render(month, "job"))).Select(l => DateOnly.ParseExact(l.Text, "yyyy-MM-dd", CultureInfo.InvariantCulture)).ToList();
        var times = TimeLabels(Parse(SizeDurationChart.Render(hours, "job"))).Select(l => l.Text).ToList();

        Assert.InRange(days.Count, 2, 6);
        Assert.Single(days.Zip(days.Skip(1)).Select(p => p.Second.DayNumber - p.First.DayNumber).Distinct());
        Assert.InRange(times.Count, 2, 6);
        Assert.All(times, t => Assert.Matches(@"^06-01 \d\d:00$", t));
        Assert.Equal(times.Count, times.Distinct().Count());
    }

    [Fact]
    public void A_run_of_unknown_duration_is_a_gap_in_the_duration_line_not_a_point_at_zero()
    {
        var runs = Runs(5).Select((r, i) => i == 2 ? r with { Duration = null, Failed = false } : r).ToList();

        var root = Parse(SizeDurationChart.Render(runs, "job"));

        var lines = root.Descendants(Svg + "polyline").Where(p => (string?)p.Attribute("class") == "bh-duration").ToList();
        Assert.Equal([2, 2], lines.Select(l => l.Attribute("points")!.Value.Split(' ').Length));
        Assert.Equal(4, root.Descendants(Svg + "rect").Count(r => (string?)r.Attribute("class") == "bh-duration"));
        Assert.Contains(root.Descendants(Svg + "title"), t => t.Value == "2025-06-03 02:00 UTC: 120.0 GB, duration unknown");
    }

    [Fact]
    public void A_failed_run_is_marked_with_a_cross_and_says_so_in_its_tooltip()
    {
        var root = Parse(SizeDurationChart.Render(Runs(5), "job"));

        var failed = Assert.Single(root.Descendants(Svg + "g"), g => (string?)g.Attribute("class") == "bh-failed");
        Assert.Equal("2025-06-03 02:00 UTC: failed, 120.0 GB, 32 min", failed.Element(Svg + "title")?.Value);
        Assert.NotNull(failed.Element(Svg + "path"));
        Assert.Equal(4, root.Descendants(Svg + "circle").Count());
    }

    [Fact]
    public void No_runs_give_an_empty_frame_that_says_so()
    {
        var root = Parse(SizeDurationChart.Render([], "job"));

        Assert.Contains(root.Descendants(Svg + "text"), t => t.Value == "No finished runs yet");
        Assert.Empty(root.Descendants(Svg + "polyline"));
    }

    [Fact]
    public void One_run_is_a_single_point_in_the_middle_and_zero_sizes_and_missing_durations_are_fine()
    {
        var one = Parse(SizeDurationChart.Render([new ChartRun(Start, 0, null, Failed: false)], "job"));

        var point = Assert.Single(one.Descendants(Svg + "circle"));
        Assert.Equal(("360", "226"), ((string?)point.Attribute("cx"), (string?)point.Attribute("cy")));
        Assert.Empty(one.Descendants(Svg + "polyline"));
        Assert.DoesNotContain(one.Descendants(Svg + "rect"), r => (string?)r.Attribute("class") == "bh-duration");
    }

    [Fact]
    public void Hostile_text_is_escaped_and_characters_xml_cannot_carry_are_dropped()
    {
        const string hostile = "<script>alert('x')</script> & \"quoted\" \u0001\uD800 done";

        var svg = SizeDurationChart.Render(Runs(3), hostile);
        var root = Parse(svg);

        Assert.DoesNotContain("<script", svg, StringComparison.Ordinal);
        Assert.Empty(root.Descendants(Svg + "script"));
        Assert.Equal("Size and duration of <script>alert('x')</script> & \"quoted\"  done", root.Element(Svg + "title")?.Value);
        Assert.Equal(root.Element(Svg + "title")?.Value, (string?)root.Attribute("aria-label"));
        Assert.DoesNotContain("href", svg, StringComparison.OrdinalIgnoreCase);
    }
}
