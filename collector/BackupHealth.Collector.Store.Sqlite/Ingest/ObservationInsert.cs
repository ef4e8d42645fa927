using Microsoft.Data.Sqlite;

namespace BackupHealth.Collector.Store.Sqlite.Ingest;

/// <summary>The statement every stored observation goes through, bound by position (the column list gives the
/// order). An observation id the agent already sent is ignored, and reported as not inserted.</summary>
internal sealed class ObservationInsert(SqliteConnection connection) : IDisposable
{
    private readonly NativeStatement _statement = new(connection, """
        INSERT INTO observations (agent_id, observation_id, job_id, status, start_time, end_time, run_time, size_bytes,
            verification, verification_detail, message, attributes, probe_name, observed_at, received_at, will_retry, run_id,
            protected_object)
        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)
        ON CONFLICT (agent_id, observation_id) DO NOTHING
        """);

    /// <summary>Returns whether the row is new.</summary>
    public bool Insert(long agentId, long jobId, in ObservationRow o, string status, long runTime, long receivedAt)
    {
        var s = _statement;
        s.Bind(1, agentId);
        s.Bind(2, o.Id);
        s.Bind(3, jobId);
        s.Bind(4, status);
        s.Bind(5, o.Start);
        s.Bind(6, o.End);
        s.Bind(7, runTime);
        s.Bind(8, o.SizeBytes);
        s.Bind(9, o.Verification);
        s.Bind(10, o.VerificationDetail);
        s.Bind(11, o.Message);
        if (o.AttributesUtf8 is null)
        {
            s.BindNull(12);
        }
        else
        {
            s.BindUtf8(12, o.AttributesUtf8);
        }

        s.Bind(13, o.ProbeName);
        s.Bind(14, o.Observed);
        s.Bind(15, receivedAt);
        s.Bind(16, o.WillRetry ? 1L : 0L);
        if (o.RunId.Length == 0)
        {
            s.BindNull(17);
        }
        else
        {
            s.Bind(17, o.RunId);
        }

        s.Bind(18, o.ProtectedObject);

        return s.Execute() == 1;
    }

    public void Dispose() => _statement.Dispose();
}
