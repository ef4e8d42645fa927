using Microsoft.Data.Sqlite;

namespace BackupHealth.Collector.Store.Sqlite.Ingest;

/// <summary>Moves a job's latest-run and last-success fields forward; runs once per job per stored batch, which
/// for agents that send small batches is a good share of all statements.</summary>
internal sealed class JobUpdate : IDisposable
{
    private readonly NativeStatement _statement;
    private readonly int _time;
    private readonly int _name;
    private readonly int _source;
    private readonly int _object;
    private readonly int _status;
    private readonly int _start;
    private readonly int _end;
    private readonly int _size;
    private readonly int _success;
    private readonly int _id;

    public JobUpdate(SqliteConnection connection)
    {
        // All right-hand sides see the row as it was, so each CASE compares against the previous latest run.
        _statement = new NativeStatement(connection, """
            UPDATE jobs SET
                name             = CASE WHEN latest_time IS NULL OR $time >= latest_time THEN $name ELSE name END,
                source_kind      = CASE WHEN latest_time IS NULL OR $time >= latest_time THEN $source ELSE source_kind END,
                protected_object = CASE WHEN latest_time IS NULL OR $time >= latest_time THEN $object ELSE protected_object END,
                latest_status    = CASE WHEN latest_time IS NULL OR $time >= latest_time THEN $status ELSE latest_status END,
                latest_start     = CASE WHEN latest_time IS NULL OR $time >= latest_time THEN $start ELSE latest_start END,
                latest_end       = CASE WHEN latest_time IS NULL OR $time >= latest_time THEN $end ELSE latest_end END,
                latest_size      = CASE WHEN latest_time IS NULL OR $time >= latest_time THEN $size ELSE latest_size END,
                latest_time      = CASE WHEN latest_time IS NULL OR $time >= latest_time THEN $time ELSE latest_time END,
                last_success     = CASE WHEN $success IS NOT NULL AND (last_success IS NULL OR $success > last_success)
                                        THEN $success ELSE last_success END
            WHERE id = $id
            """);
        _time = _statement.IndexOf("$time");
        _name = _statement.IndexOf("$name");
        _source = _statement.IndexOf("$source");
        _object = _statement.IndexOf("$object");
        _status = _statement.IndexOf("$status");
        _start = _statement.IndexOf("$start");
        _end = _statement.IndexOf("$end");
        _size = _statement.IndexOf("$size");
        _success = _statement.IndexOf("$success");
        _id = _statement.IndexOf("$id");
    }

    public void Update(long jobId, long runTime, string name, string sourceKind, string protectedObject, string status,
        long? start, long? end, long sizeBytes, long? lastSuccess)
    {
        var s = _statement;
        s.Bind(_time, runTime);
        s.Bind(_name, name);
        s.Bind(_source, sourceKind);
        s.Bind(_object, protectedObject);
        s.Bind(_status, status);
        s.Bind(_start, start);
        s.Bind(_end, end);
        s.Bind(_size, sizeBytes);
        s.Bind(_success, lastSuccess);
        s.Bind(_id, jobId);
        s.Execute();
    }

    public void Dispose() => _statement.Dispose();
}
