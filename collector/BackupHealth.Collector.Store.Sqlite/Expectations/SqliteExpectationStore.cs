using BackupHealth.Collector.Model;
using BackupHealth.Contracts.V1;
using Microsoft.Data.Sqlite;
using BackupHealth.Collector.Expectations;

namespace BackupHealth.Collector.Store.Sqlite.Expectations;

/// <summary>Reads and writes the expectations people set (table <c>job_expectations</c>). Writes are rare and tiny:
/// one command each through the store's writer.</summary>
internal sealed class SqliteExpectationStore(SqliteConnectionFactory connections, StoreWriter writer) : IExpectationStore
{
    /// <summary>The job's setting and history, or null when there is no such job.</summary>
    public async Task<StoredExpectation?> LoadAsync(long jobId, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenReaderAsync(cancellationToken);
        await using var job = SqlCommands.Command(connection, null, """
            SELECT coalesce(j.first_seen, (SELECT min(o.received_at) FROM observations o WHERE o.job_id = j.id), a.first_seen),
                   e.interval_ms, e.schedule, e.grace_ms, e.updated_at, e.updated_by, l.enabled, l.next_run, l.attributes
            FROM jobs j JOIN agents a ON a.id = j.agent_id LEFT JOIN job_expectations e ON e.job_id = j.id
                 LEFT JOIN job_listings l ON l.agent_id = j.agent_id AND l.probe_name = j.probe_name AND l.job_key = j.job_key
            WHERE j.id = $id
            """, ("$id", jobId));
        StoredExpectation stored;
        await using (var reader = await job.ExecuteReaderAsync(cancellationToken))
        {
            if (!await reader.ReadAsync(cancellationToken))
            {
                return null;
            }

            var hasSetting = !reader.IsDBNull(4);
            var setting = hasSetting
                ? new ExpectationSetting(Millis(reader, 1), reader.IsDBNull(2) ? null : reader.GetString(2), Millis(reader, 3))
                : null;
            var stated = reader.IsDBNull(6) ? null : StatedSchedule.From(
                JsonText.ReadTexts(reader.IsDBNull(8) ? null : reader.GetString(8)), reader.IsDBNull(7) ? null : Time(reader.GetInt64(7)));
            stored = new StoredExpectation(jobId, Time(reader.GetInt64(0)), setting,
                hasSetting ? Time(reader.GetInt64(4)) : null, hasSetting ? reader.GetString(5) : null, [], stated);
        }

        // The job's newest runs, read as the rules and the dashboard read them.
        using var runs = new RunHistoryReader(connection, null);
        return stored with { Runs = runs.Read(jobId, DateTimeOffset.MinValue) };
    }

    /// <summary>Stores the setting; false when there is no such job.</summary>
    public Task<bool> SetAsync(long jobId, ExpectationSetting setting, string by, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(setting);
        return writer.WriteAsync((connection, transaction) => SqlCommands.Execute(connection, transaction, """
            INSERT INTO job_expectations (job_id, interval_ms, schedule, grace_ms, updated_at, updated_by)
            SELECT id, $interval, $schedule, $grace, $at, $by FROM jobs WHERE id = $id
            ON CONFLICT (job_id) DO UPDATE SET
                interval_ms = excluded.interval_ms, schedule = excluded.schedule, grace_ms = excluded.grace_ms,
                updated_at = excluded.updated_at, updated_by = excluded.updated_by
            """, ("$id", jobId), ("$interval", Millis(setting.Interval)), ("$schedule", setting.Schedule),
            ("$grace", Millis(setting.Grace)), ("$at", UnixMs.From(at)), ("$by", by)) == 1, cancellationToken: cancellationToken);
    }

    /// <summary>Removes the setting (the job goes back to learned or default); false when there is no such job.</summary>
    public Task<bool> ClearAsync(long jobId, CancellationToken cancellationToken) => writer.WriteAsync((connection, transaction) =>
    {
        using var exists = SqlCommands.Command(connection, transaction, "SELECT 1 FROM jobs WHERE id = $id", ("$id", jobId));
        if (exists.ExecuteScalar() is null)
        {
            return false;
        }

        SqlCommands.Execute(connection, transaction, "DELETE FROM job_expectations WHERE job_id = $id", ("$id", jobId));
        return true;
    }, cancellationToken: cancellationToken);

    private static DateTimeOffset Time(long unixMs) => DateTimeOffset.FromUnixTimeMilliseconds(unixMs);

    private static TimeSpan? Millis(SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : TimeSpan.FromMilliseconds(reader.GetInt64(ordinal));

    private static long? Millis(TimeSpan? value) => value is null ? null : (long)value.Value.TotalMilliseconds;
}
