using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace BackupHealth.Collector.Telemetry;

/// <summary>The body of <c>/health/ready</c>: <c>Healthy</c>, or <c>Unhealthy: </c> and why, so that whoever reads the
/// load balancer's log sees the cause (the disk is full, the database is damaged) without the collector's log. The
/// reasons are the checks' own sentences and SQLite's error text: no path, name or secret.</summary>
internal static class ReadyResponse
{
    public static Task WriteAsync(HttpContext context, HealthReport report)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(report);
        var reasons = report.Entries.Values
            .Where(entry => entry.Status != HealthStatus.Healthy && !string.IsNullOrEmpty(entry.Description))
            .Select(entry => entry.Description!)
            .ToList();
        var text = reasons.Count == 0 ? report.Status.ToString() : $"{report.Status}: {string.Join("; ", reasons)}";
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync(text, context.RequestAborted);
    }
}
