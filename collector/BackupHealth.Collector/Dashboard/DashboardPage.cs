using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using BackupHealth.Collector.Api;
using BackupHealth.Collector.Store;

namespace BackupHealth.Collector.Dashboard;

/// <summary>The first page: customers → sites → agents and jobs, problems first. Everything an agent or the
/// configuration supplied passes through <see cref="HtmlEncoder"/>; job names are hostile input.</summary>
internal static class DashboardPage
{
    private const string Style = """
        body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:1.5rem;color:#222;background:#fafafa}
        h1{font-size:1.4rem;margin:0 0 .25rem}h2{font-size:1.15rem;margin:1.5rem 0 .5rem}h3{font-size:1rem;margin:1rem 0 .4rem;color:#444}
        .summary{color:#555;margin:0 0 1rem}.empty{color:#777}
        table{border-collapse:collapse;width:100%;margin:.25rem 0 .75rem;background:#fff}
        th,td{text-align:left;padding:.3rem .5rem;border-bottom:1px solid #e5e5e5;font-size:.9rem;vertical-align:top}
        th{font-weight:600;color:#555;background:#f2f2f2}td.num{text-align:right;white-space:nowrap}
        .badge{display:inline-block;min-width:4.5rem;text-align:center;padding:.1rem .4rem;border-radius:.25rem;color:#fff;font-size:.8rem}
        .ok{background:#2e7d32}.warning{background:#f9a825;color:#222}.failed{background:#c62828}.stale,.unknown{background:#757575}
        .running{background:#1565c0}.connected{background:#2e7d32}.disconnected{background:#757575}
        """;

    public static string Render(
        IReadOnlyList<SiteRecord> sites,
        IReadOnlyList<AgentRecord> agents,
        IReadOnlyList<JobRecord> jobs,
        DateTimeOffset now,
        TimeSpan staleAfter)
    {
        var health = jobs.ToDictionary(j => j.Id, j => JobHealth.Of(j.LatestStatus, j.LastSuccess, now, staleAfter));
        var html = new Html();
        html.Raw("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
            .Raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>BackupHealth</title><style>")
            .Raw(Style).Raw("</style></head><body><h1>BackupHealth</h1>");
        WriteSummary(html, health.Values, agents, now);

        // Worst site first, so whatever needs attention is at the top of the page.
        int Worst(IEnumerable<JobRecord> some) => some.Select(j => JobHealth.Severity(health[j.Id])).DefaultIfEmpty(JobHealth.All.Count).Min();
        var siteOrder = sites
            .Select(s => (Site: s, Jobs: jobs.Where(j => j.SiteId == s.Id).ToList(), Agents: agents.Where(a => a.SiteId == s.Id).ToList()))
            .ToList();
        foreach (var customer in siteOrder.GroupBy(s => s.Site.Customer)
                     .OrderBy(g => Worst(g.SelectMany(s => s.Jobs))).ThenBy(g => g.Key, StringComparer.OrdinalIgnoreCase))
        {
            html.Raw("<section><h2>").Text(customer.Key).Raw("</h2>");
            foreach (var (site, siteJobs, siteAgents) in customer.OrderBy(s => Worst(s.Jobs)).ThenBy(s => s.Site.Site, StringComparer.OrdinalIgnoreCase))
            {
                html.Raw("<h3>").Text(site.Site).Raw("</h3>");
                WriteAgents(html, siteAgents);
                WriteJobs(html, siteJobs, health);
            }

            html.Raw("</section>");
        }

        return html.Raw("</body></html>\n").ToString();
    }

    private static void WriteSummary(Html html, IEnumerable<string> health, IReadOnlyList<AgentRecord> agents, DateTimeOffset now)
    {
        var counts = health.GroupBy(h => h).ToDictionary(g => g.Key, g => g.Count());
        html.Raw("<p class=\"summary\">");
        foreach (var state in JobHealth.All)
        {
            html.Raw("<span class=\"badge ").Raw(state).Raw("\">").Text($"{counts.GetValueOrDefault(state)} {state}").Raw("</span> ");
        }

        html.Text($"· {agents.Count(a => a.Connected)} of {agents.Count} agents connected · {FormatTime(now.UtcDateTime)}").Raw("</p>");
    }

    private static void WriteAgents(Html html, List<AgentRecord> agents)
    {
        if (agents.Count == 0)
        {
            html.Raw("<p class=\"empty\">No agent has connected yet.</p>");
            return;
        }

        html.Raw("<table><thead><tr><th>Agent</th><th>Host</th><th>Version</th><th>State</th><th>Last seen</th></tr></thead><tbody>");
        foreach (var a in agents.OrderBy(a => a.Connected).ThenBy(a => a.AgentKey, StringComparer.OrdinalIgnoreCase))
        {
            var state = a.Connected ? "connected" : "disconnected";
            html.Raw("<tr><td>").Text(a.AgentKey).Raw("</td><td>").Text(a.HostName).Raw("</td><td>").Text(a.Version)
                .Raw("</td><td><span class=\"badge ").Raw(state).Raw("\">").Raw(state).Raw("</span></td><td>")
                .Text(FormatTime(a.LastSeen)).Raw("</td></tr>");
        }

        html.Raw("</tbody></table>");
    }

    private static void WriteJobs(Html html, List<JobRecord> jobs, Dictionary<long, string> health)
    {
        if (jobs.Count == 0)
        {
            html.Raw("<p class=\"empty\">No backup jobs reported yet.</p>");
            return;
        }

        html.Raw("<table><thead><tr><th>Health</th><th>Job</th><th>Agent</th><th>Protects</th><th>Source</th>")
            .Raw("<th>Latest run</th><th>Size</th><th>Last success</th></tr></thead><tbody>");
        foreach (var j in jobs.OrderBy(j => JobHealth.Severity(health[j.Id])).ThenBy(j => j.Name, StringComparer.OrdinalIgnoreCase))
        {
            var h = health[j.Id];
            html.Raw("<tr><td><span class=\"badge ").Raw(h).Raw("\">").Raw(h).Raw("</span></td><td>").Text(j.Name)
                .Raw("</td><td>").Text(j.AgentKey).Raw("</td><td>").Text(j.ProtectedObject).Raw("</td><td>").Text(j.SourceKind)
                .Raw("</td><td>").Text(FormatTime(j.LatestEnd ?? j.LatestStart)).Raw("</td><td class=\"num\">")
                .Text(FormatSize(j.LatestSize)).Raw("</td><td>").Text(FormatTime(j.LastSuccess)).Raw("</td></tr>");
        }

        html.Raw("</tbody></table>");
    }

    private static string FormatTime(DateTime? utc) =>
        utc is null ? "—" : utc.Value.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    private static string FormatSize(long? bytes)
    {
        if (bytes is null or 0)
        {
            return "—";
        }

        string[] units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"];
        double value = bytes.Value;
        var unit = 0;
        while (value >= 1024 && unit < units.Length - 1)
        {
            value /= 1024;
            unit++;
        }

        return string.Create(CultureInfo.InvariantCulture, $"{value:0.#} {units[unit]}");
    }

    /// <summary>Markup is written with <see cref="Raw"/> (constants only); every value goes through <see cref="Text"/>.</summary>
    private sealed class Html
    {
        private readonly StringBuilder _builder = new();

        public Html Raw(string markup)
        {
            _builder.Append(markup);
            return this;
        }

        public Html Text(string value)
        {
            _builder.Append(HtmlEncoder.Default.Encode(value));
            return this;
        }

        public override string ToString() => _builder.ToString();
    }
}
