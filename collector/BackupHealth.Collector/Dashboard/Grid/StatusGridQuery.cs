using BackupHealth.Collector.Dashboard.Health;
using BackupHealth.Collector.Store;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace BackupHealth.Collector.Dashboard.Grid;

/// <summary>Builds the status grid of one site: its jobs as rows (problems first, then by name), the last 14 or 30
/// calendar days of <c>Collector:Dashboard:TimeZone</c> as columns, today last.</summary>
internal sealed class StatusGridQuery(
    SqliteConnectionFactory connections, JobAssessor assessor, IOptions<DashboardOptions> options, TimeProvider time)
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
        await using var connection = await connections.OpenReaderAsync(cancellationToken);
        using var transaction = connection.BeginTransaction(deferred: true);
        if (ReadSite(connection, siteId) is not { } site || (allowedCustomerIds is not null && !allowedCustomerIds.Contains(site.CustomerId)))
        {
            return null;
        }

        var columns = GridRows.LastDays(days, zone, now);
        var rows = GridRows.Build(connection, assessor.Assess(connection, siteId, null, now), columns, zone, now)
            .OrderBy(r => r.Health).ThenBy(r => r.Name, StringComparer.OrdinalIgnoreCase).ThenBy(r => r.JobId)
            .ToList();
        return new StatusGrid(site.Id, site.CustomerId, site.Customer, site.Name, options.Value.TimeZone.Trim(), now, columns, rows);
    }

    private static SiteRow? ReadSite(SqliteConnection connection, long siteId)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT s.id, c.id, c.name, s.name FROM sites s JOIN customers c ON c.id = s.customer_id WHERE s.id = $id";
        command.Parameters.AddWithValue("$id", siteId);
        using var r = command.ExecuteReader();
        return r.Read() ? new SiteRow(r.GetInt64(0), r.GetInt64(1), r.GetString(2), r.GetString(3)) : null;
    }

    private sealed record SiteRow(long Id, long CustomerId, string Customer, string Name);
}
