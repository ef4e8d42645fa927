using BackupHealth.Collector.Dashboard.History;
using BackupHealth.Collector.Expectations;
using Microsoft.Data.Sqlite;

namespace BackupHealth.Collector.Store.Sqlite.Dashboard;

/// <summary>Reads <see cref="JobRow"/>s: all of them, one site's, or one job. One indexed pass over jobs; no
/// observation is read (except the first-seen fallback for jobs stored before jobs.first_seen existed).</summary>
internal static class JobRowReader
{
    /// <summary>True for a job known only from a job list: no run of it was ever stored.</summary>
    public const string NeverRan = "(j.latest_time IS NULL AND NOT EXISTS (SELECT 1 FROM observations o WHERE o.job_id = j.id))";

    /// <summary>The jobs that exist, as a condition on jobs j joined with its listing l: all but those known only
    /// from a job list that no longer names them. Such a job never protected anything, so it has nothing to miss.
    /// The evaluator's snapshot reads the same jobs.</summary>
    public const string Exists = $"""
        NOT (l.job_key IS NULL AND {NeverRan}
             AND EXISTS (SELECT 1 FROM job_list_reports r WHERE r.agent_id = j.agent_id AND r.probe_name = j.probe_name))
        """;

    public static List<JobRow> Read(SqliteConnection connection, SqliteTransaction? transaction, long? siteId, long? jobId)
    {
        using var command = SqlCommands.Command(connection, transaction, $"""
            SELECT j.id, j.agent_id, a.agent_key, a.host_name, s.id, c.id, c.name, s.name, j.job_key, j.name, j.source_kind,
                   j.protected_object,
                   coalesce(j.first_seen, (SELECT min(o.run_time) FROM observations o WHERE o.job_id = j.id), a.first_seen),
                   l.enabled, e.job_id IS NOT NULL, e.interval_ms, e.schedule, e.grace_ms, e.updated_at, e.updated_by,
                   j.latest_status, j.latest_time, j.last_success, l.next_run, l.attributes
            FROM jobs j
                 JOIN agents a ON a.id = j.agent_id JOIN sites s ON s.id = a.site_id JOIN customers c ON c.id = s.customer_id
                 LEFT JOIN job_listings l ON l.agent_id = j.agent_id AND l.probe_name = j.probe_name AND l.job_key = j.job_key
                 LEFT JOIN job_expectations e ON e.job_id = j.id
            WHERE ($site IS NULL OR s.id = $site) AND ($job IS NULL OR j.id = $job) AND {Exists}
            ORDER BY j.id
            """, ("$site", siteId), ("$job", jobId));
        using var r = command.ExecuteReader();
        var rows = new List<JobRow>();
        while (r.Read())
        {
            var hasSetting = r.GetBoolean(14);
            var setting = hasSetting
                ? new ExpectationSetting(Span(r, 15), r.IsDBNull(16) ? null : r.GetString(16), Span(r, 17))
                : null;
            rows.Add(new JobRow(r.GetInt64(0), r.GetInt64(1), r.GetString(2), r.GetString(3), r.GetInt64(4), r.GetInt64(5),
                r.GetString(6), r.GetString(7), r.GetString(8), r.GetString(9), r.GetString(10), r.GetString(11),
                Time(r.GetInt64(12)), !r.IsDBNull(13) && r.GetInt64(13) == 0, setting,
                hasSetting ? Time(r.GetInt64(18)) : null, hasSetting ? r.GetString(19) : null,
                r.IsDBNull(20) ? null : r.GetString(20), Long(r, 21), Long(r, 22),
                r.IsDBNull(13) ? null : StatedSchedule.From(JsonText.ReadTexts(r.IsDBNull(24) ? null : r.GetString(24)),
                    Long(r, 23) is { } next ? Time(next) : null)));
        }

        return rows;
    }

    private static DateTimeOffset Time(long unixMs) => DateTimeOffset.FromUnixTimeMilliseconds(unixMs);

    private static long? Long(SqliteDataReader r, int ordinal) => r.IsDBNull(ordinal) ? null : r.GetInt64(ordinal);

    private static TimeSpan? Span(SqliteDataReader r, int ordinal) => r.IsDBNull(ordinal) ? null : TimeSpan.FromMilliseconds(r.GetInt64(ordinal));
}
