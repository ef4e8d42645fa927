using BackupHealth.Collector.Model;
using BackupHealth.Collector.Rules;
using Microsoft.Data.Sqlite;

namespace BackupHealth.Collector.Store.Sqlite;

/// <summary>A job's runs as the alert rules see them: not superseded, from a time on, newest first (by run time, then
/// the newest stored), at most <see cref="JobSnapshot.MaxRuns"/>. The one read of run history: the evaluator's
/// snapshot and the dashboard's history cache both read through it. One command, prepared once and run per job on
/// the (job, time) index.</summary>
internal sealed class RunHistoryReader : IDisposable
{
    private readonly SqliteCommand _command;

    public RunHistoryReader(SqliteConnection connection, SqliteTransaction? transaction)
    {
        _command = SqlCommands.Command(connection, transaction, $"""
            SELECT observation_id, status, start_time, end_time, run_time, size_bytes, verification, verification_detail,
                   message, will_retry,
                   coalesce(protected_object, (SELECT j.protected_object FROM jobs j WHERE j.id = $job)),
                   json_extract(attributes, '$.vm_uuid'), json_extract(attributes, '$.vmid'), {RunLocation.Sql},
                   json_extract(attributes, '$.backup_type')
            FROM observations WHERE job_id = $job AND run_time >= $since AND superseded = 0
            ORDER BY run_time DESC, id DESC
            LIMIT $limit
            """, ("$job", 0L), ("$since", 0L), ("$limit", JobSnapshot.MaxRuns));
    }

    /// <summary>The runs of <paramref name="jobId"/> from <paramref name="since"/> on.</summary>
    public List<Model.RunRecord> Read(long jobId, DateTimeOffset since)
    {
        _command.Parameters["$job"].Value = jobId;
        _command.Parameters["$since"].Value = since.ToUnixTimeMilliseconds();
        using var r = _command.ExecuteReader();
        var runs = new List<Model.RunRecord>();
        while (r.Read())
        {
            runs.Add(new Model.RunRecord(r.GetString(0), RunWords.Status(r.GetString(1)), RunWords.Time(r, 2), RunWords.Time(r, 3),
                DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(4)), r.GetInt64(5), RunWords.Verification(r.GetString(6)),
                r.GetString(7), r.GetString(8), r.GetInt64(9) != 0, new RunTarget(r.GetString(10), Text(r, 11), Text(r, 12)),
                Text(r, 13), Text(r, 14)));
        }

        return runs;
    }

    public void Dispose() => _command.Dispose();

    private static string? Text(SqliteDataReader r, int ordinal) => r.IsDBNull(ordinal) ? null : r.GetValue(ordinal).ToString();
}
