using BackupHealth.Collector.Dashboard.Health;
using BackupHealth.Collector.Store;
using Microsoft.Extensions.Options;

namespace BackupHealth.Collector.Dashboard.Grid;

/// <summary>Builds the status grid of one site: its jobs as rows (problems first, then by name), the last 14 or 30
/// calendar days of <c>Collector:Dashboard:TimeZone</c> as columns, today last.</summary>
internal sealed class StatusGridQuery(
    IDashboardReads reads, JobAssessor assessor, IOptions<DashboardOptions> options, TimeProvider time)
{
    public static readonly IReadOnlyList<int> AllowedDays = [14, 30];

    public static bool IsAllowedDays(int days) => AllowedDays.Contains(days);

    /// <summary>The grid, or null when there is no such site or its customer is not in
    /// <paramref name="allowedCustomerIds"/> (null = all customers).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="days"/> is not 14 or 30.</exception>
    public async Task<StatusGrid?> GetAsync(long siteId, int days, IReadOnlySet<long>? allowedCustomerIds, CancellationToken cancellationToken)
    {
        if (!IsAllowedDays(days))
        {
            throw new ArgumentOutOfRangeException(nameof(days), days, $"the grid shows {string.Join(" or ", AllowedDays)} days");
        }

        var zone = options.Value.Zone();
        var now = time.GetUtcNow();
        await using var view = await reads.OpenViewAsync(cancellationToken);
        if (view.ReadSites(siteId).SingleOrDefault() is not { } site || (allowedCustomerIds is not null && !allowedCustomerIds.Contains(site.CustomerId)))
        {
            return null;
        }

        var columns = GridRows.LastDays(days, zone, now);
        var rows = GridRows.Build(view, assessor.Assess(view, siteId, null, now), columns, zone, now)
            .OrderBy(r => r.Health).ThenBy(r => r.Name, StringComparer.OrdinalIgnoreCase).ThenBy(r => r.JobId)
            .ToList();
        return new StatusGrid(site.Id, site.CustomerId, site.Customer, site.Name, options.Value.TimeZone.Trim(), now, columns, rows);
    }
}
