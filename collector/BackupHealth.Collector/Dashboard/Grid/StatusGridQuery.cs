using BackupHealth.Collector.Dashboard.Health;
using BackupHealth.Collector.Dashboard.History;
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

        var today = LocalDays.DayOf(now, zone);
        var columns = Enumerable.Range(0, days).Select(i => today.AddDays(i - days + 1)).ToList();
        var from = LocalDays.StartOf(columns[0], zone);
        using var runs = new WindowReader(connection, from);
        var rows = assessor.Assess(connection, siteId, null, now)
            .Select(job => Row(job, runs, columns, zone, now))
            .OrderBy(r => r.Health).ThenBy(r => r.Name, StringComparer.OrdinalIgnoreCase).ThenBy(r => r.JobId)
            .ToList();
        return new StatusGrid(site.Id, site.CustomerId, site.Customer, site.Name, options.Value.TimeZone.Trim(), now, columns, rows);
    }

    private static GridRow Row(JobAssessment job, WindowReader runs, List<DateOnly> columns, TimeZoneInfo zone, DateTimeOffset now)
    {
        var (anchor, window) = runs.Read(job.Job.JobId);
        var cells = DayOutcomes.Build(job.Expectation, job.Job.FirstSeen, anchor, window, job.Job.LatestStatus == StatusNames.Running,
            columns, zone, now);
        return new GridRow(job.Job.JobId, job.Job.Name, job.Job.AgentKey, job.Job.SourceKind, job.Job.ProtectedObject, job.Health,
            job.Expectation.Describe(), cells);
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

    /// <summary>Per job: the newest completed run before the window (where the first deadline counts from) and the
    /// runs inside it; two commands prepared once, each on the (job, time) index.</summary>
    private sealed class WindowReader : IDisposable
    {
        private readonly SqliteCommand _anchor;
        private readonly SqliteCommand _runs;

        public WindowReader(SqliteConnection connection, DateTimeOffset from)
        {
            _anchor = Prepare(connection, """
                SELECT run_time FROM observations
                WHERE job_id = $job AND run_time < $from AND superseded = 0 AND status IN ('success', 'warning')
                ORDER BY run_time DESC LIMIT 1
                """, from);
            _runs = Prepare(connection, """
                SELECT run_time, status, will_retry FROM observations
                WHERE job_id = $job AND run_time >= $from AND superseded = 0
                """, from);
        }

        public (DateTimeOffset? Anchor, List<GridRun> Runs) Read(long jobId)
        {
            _anchor.Parameters[0].Value = jobId;
            var anchor = _anchor.ExecuteScalar() is long ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : (DateTimeOffset?)null;
            _runs.Parameters[0].Value = jobId;
            using var r = _runs.ExecuteReader();
            var runs = new List<GridRun>();
            while (r.Read())
            {
                runs.Add(new GridRun(DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(0)), RunWords.Status(r.GetString(1)), r.GetInt64(2) != 0));
            }

            return (anchor, runs);
        }

        public void Dispose()
        {
            _anchor.Dispose();
            _runs.Dispose();
        }

        private static SqliteCommand Prepare(SqliteConnection connection, string sql, DateTimeOffset from)
        {
            var command = connection.CreateCommand();
            command.CommandText = sql;
            command.Parameters.Add(new SqliteParameter("$job", 0L));
            command.Parameters.AddWithValue("$from", from.ToUnixTimeMilliseconds());
            return command;
        }
    }
}
