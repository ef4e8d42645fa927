using BackupHealth.Collector.Model;
using BackupHealth.Collector.Store.Sqlite.Ingest;
using BackupHealth.Contracts.V1;
using Google.Protobuf.Collections;
using Microsoft.Data.Sqlite;

namespace BackupHealth.Collector.Store.Sqlite.Writer;

/// <summary>Everything the collector writes, on the one write connection, with commands prepared once and reused
/// for every commit. Only <see cref="StoreWriter"/> drives it: it opens a transaction, applies a group of callers'
/// work, and commits or rolls back the group as a whole.</summary>
internal sealed class WriteSession : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly List<SqliteCommand> _commands = [];
    private readonly Dictionary<(long AgentId, string JobKey), long> _jobIds = [];
    private readonly Dictionary<long, JobChange> _changedJobs = [];
    private SqliteTransaction? _transaction;

    private readonly ObservationInsert _insertObservation;
    private readonly RunStates _runStates;
    private readonly SqliteCommand _findJob;
    private readonly SqliteCommand _insertJob;
    private readonly JobUpdate _updateJob;
    private readonly SqliteCommand _connectAgent;
    private readonly SqliteCommand _disconnectAgent;
    private readonly SqliteCommand _touchAgent;
    private readonly SqliteCommand _heartbeat;
    private readonly SqliteCommand _upsertProbeHealth;
    private readonly SqliteCommand _recordProbeRun;
    private readonly SqliteCommand _deleteJobListings;
    private readonly SqliteCommand _insertJobListing;
    private readonly SqliteCommand _recordJobList;
    private readonly SqliteCommand _insertListedJob;
    private readonly SqliteCommand _deleteInventory;
    private readonly SqliteCommand _insertInventory;
    private readonly SqliteCommand _recordFirstSeen;
    private readonly SqliteCommand _customerOfSite;
    private readonly SqliteCommand _probe;

    public WriteSession(SqliteConnection connection)
    {
        _connection = connection;
        _insertObservation = new ObservationInsert(connection);
        _runStates = new RunStates(connection);
        _findJob = Prepare("SELECT id FROM jobs WHERE agent_id = $agent AND job_key = $key", "$agent", "$key");
        _insertJob = Prepare("""
            INSERT INTO jobs (agent_id, job_key, name, source_kind, protected_object, probe_name, first_seen)
            VALUES ($agent, $key, $name, $source, $object, $probe, $now)
            RETURNING id
            """, "$agent", "$key", "$name", "$source", "$object", "$probe", "$now");
        _updateJob = new JobUpdate(connection);
        _connectAgent = Prepare("""
            INSERT INTO agents (site_id, agent_key, host_name, os, version, first_seen, last_seen, open_streams, probes)
            VALUES ($site, $key, $host, $os, $version, $now, $now, 1, $probes)
            ON CONFLICT (site_id, agent_key) DO UPDATE SET
                host_name = excluded.host_name, os = excluded.os, version = excluded.version,
                last_seen = max(last_seen, excluded.last_seen), open_streams = open_streams + 1, probes = excluded.probes
            RETURNING id
            """, "$site", "$key", "$host", "$os", "$version", "$now", "$probes");
        _disconnectAgent = Prepare(
            "UPDATE agents SET open_streams = max(open_streams - 1, 0), last_seen = max(last_seen, $now) WHERE id = $id",
            "$now", "$id");
        _touchAgent = Prepare("UPDATE agents SET last_seen = max(last_seen, $now) WHERE id = $id", "$now", "$id");
        _heartbeat = Prepare(
            """
            UPDATE agents SET last_seen = max(last_seen, $now), outbox_depth = $depth,
                backlog_since = CASE WHEN $depth > 0 THEN coalesce(backlog_since, $now) END
            WHERE id = $id
            """,
            "$now", "$depth", "$id");
        _upsertProbeHealth = Prepare("""
            INSERT INTO probe_health (agent_id, probe_name, probe_type, state, message, last_run, last_success,
                consecutive_failures, reported_at, details)
            VALUES ($agent, $name, $type, $state, $message, $run, $success, $failures, $now, $details)
            ON CONFLICT (agent_id, probe_name) DO UPDATE SET
                probe_type = excluded.probe_type, state = excluded.state, message = excluded.message,
                last_run = excluded.last_run, last_success = excluded.last_success,
                consecutive_failures = excluded.consecutive_failures, reported_at = excluded.reported_at,
                details = excluded.details
            """, "$agent", "$name", "$type", "$state", "$message", "$run", "$success", "$failures", "$now", "$details");
        // Only the probe's own words move with every heartbeat; its state and message stay those of its last report.
        _recordProbeRun = Prepare("""
            UPDATE probe_health SET last_run = $run, last_success = $success, consecutive_failures = $failures,
                run_age_ms = $age
            WHERE agent_id = $agent AND probe_name = $name
            """, "$run", "$success", "$failures", "$age", "$agent", "$name");
        _deleteJobListings = Prepare(
            "DELETE FROM job_listings WHERE agent_id = $agent AND probe_name = $probe", "$agent", "$probe");
        _insertJobListing = Prepare("""
            INSERT OR REPLACE INTO job_listings (agent_id, probe_name, job_key, job_name, source_kind, enabled, next_run,
                attributes, reported_at)
            VALUES ($agent, $probe, $key, $name, $source, $enabled, $next, $attributes, $now)
            """, "$agent", "$probe", "$key", "$name", "$source", "$enabled", "$next", "$attributes", "$now");
        _recordJobList = Prepare("""
            INSERT INTO job_list_reports (agent_id, probe_name, reported_at) VALUES ($agent, $probe, $now)
            ON CONFLICT (agent_id, probe_name) DO UPDATE SET reported_at = excluded.reported_at
            """, "$agent", "$probe", "$now");
        // A listed job is a job from its first listing; until its first run the source's name for it is the one shown.
        _insertListedJob = Prepare("""
            INSERT INTO jobs (agent_id, job_key, name, source_kind, protected_object, probe_name, first_seen)
            VALUES ($agent, $key, $name, $source, '', $probe, $now)
            ON CONFLICT (agent_id, job_key) DO UPDATE SET name = excluded.name, source_kind = excluded.source_kind
            WHERE latest_time IS NULL
            """, "$agent", "$key", "$name", "$source", "$probe", "$now");
        _deleteInventory = Prepare(
            "DELETE FROM inventory_items WHERE agent_id = $agent AND probe_name = $probe", "$agent", "$probe");
        _insertInventory = Prepare("""
            INSERT OR REPLACE INTO inventory_items (agent_id, probe_name, item_id, name, power_state, hypervisor,
                attributes, taken_at, received_at)
            VALUES ($agent, $probe, $item, $name, $power, $hypervisor, $attributes, $taken, $now)
            """, "$agent", "$probe", "$item", "$name", "$power", "$hypervisor", "$attributes", "$taken", "$now");
        _recordFirstSeen = Prepare("""
            INSERT OR IGNORE INTO inventory_first_seen (site_id, item_id, first_seen)
            SELECT site_id, $item, $now FROM agents WHERE id = $agent
            """, "$item", "$now", "$agent");
        _customerOfSite = Prepare("SELECT c.name FROM sites s JOIN customers c ON c.id = s.customer_id WHERE s.id = $site", "$site");
        _probe = Prepare("PRAGMA user_version = 0");
    }

    /// <summary>Rewrites the database header's user_version (which the collector does not use: its schema version is the
    /// schema_version table) with the 0 it holds, so that the commit must write a page to the disk: the readiness
    /// probe. An empty transaction writes nothing and succeeds even on a full disk.</summary>
    public void Probe() => _probe.ExecuteNonQuery();

    /// <summary>The write connection, for a store's command (<see cref="StoreWriter.WriteAsync{T}"/>).</summary>
    public SqliteConnection Connection => _connection;

    /// <summary>The open transaction of the group being applied.</summary>
    public SqliteTransaction Transaction => _transaction ?? throw new InvalidOperationException("No transaction is open.");

    public void Begin()
    {
        _transaction = _connection.BeginTransaction();
        foreach (var command in _commands)
        {
            command.Transaction = _transaction;
        }
    }

    public void Commit()
    {
        _transaction!.Commit();
        EndTransaction();
    }

    public void Rollback()
    {
        try
        {
            _transaction?.Rollback();
        }
        finally
        {
            // Jobs created inside the failed transaction are gone again.
            _jobIds.Clear();
            EndTransaction();
        }
    }

    /// <summary>Inserts the observations that are new for this agent and moves each touched job's latest and
    /// last-success fields forward. Returns how many were new.</summary>
    /// <param name="inserted">When given, counts the stored (new) observations by status.</param>
    public int InsertObservations(long agentId, ObservationRow[] rows, long receivedAt, InsertedRuns? inserted = null)
    {
        _changedJobs.Clear();
        var count = 0;
        for (var i = 0; i < rows.Length; i++)
        {
            ref readonly var o = ref rows[i];
            var jobId = JobIdFor(agentId, o, receivedAt);
            var runTime = o.End ?? o.Start ?? o.Observed ?? receivedAt;
            var status = StatusNames.Of(o.Status);
            if (!_insertObservation.Insert(agentId, jobId, o, status, runTime, receivedAt))
            {
                continue;
            }

            count++;
            inserted?.Add(o.Status);
            if (o.RunId.Length > 0)
            {
                _runStates.Settle(jobId, o.RunId);
            }

            var success = o.Status == RunStatus.Success ? o.End ?? runTime : (long?)null;
            _changedJobs[jobId] = _changedJobs.TryGetValue(jobId, out var change)
                ? change.With(i, status, runTime, success)
                : new JobChange(i, status, runTime, success);
        }

        foreach (var (jobId, change) in _changedJobs)
        {
            UpdateJob(jobId, rows[change.Latest], change);
        }

        Run(_touchAgent, receivedAt, agentId);
        return count;
    }

    public long ConnectAgent(long siteId, Hello hello, long now) =>
        (long)Scalar(_connectAgent, siteId, hello.AgentId, hello.HostName, hello.OsDescription, hello.AgentVersion, now,
            JsonText.Probes(hello.Probes))!;

    /// <summary>The name of the customer site <paramref name="siteId"/> belongs to.</summary>
    public string CustomerOfSite(long siteId) => (string)Scalar(_customerOfSite, siteId)!;

    public void DisconnectAgent(long agentId, long now) => Run(_disconnectAgent, now, agentId);

    /// <summary>Moves the agent's last-seen time and outbox depth, and each reported probe's latest run. A probe
    /// the collector has no health report of yet is left until that report arrives (it comes on the probe's first
    /// run, before any heartbeat that names the probe).</summary>
    public void RecordHeartbeat(long agentId, Heartbeat heartbeat, long now)
    {
        Run(_heartbeat, now, heartbeat.OutboxDepth, agentId);
        var agentTime = UnixMs.From(heartbeat.AgentTime);
        foreach (var p in heartbeat.Probes)
        {
            var lastRun = UnixMs.From(p.LastRun);
            var age = agentTime is { } at && lastRun is { } run ? Math.Max(0, at - run) : (long?)null;
            Run(_recordProbeRun, lastRun, UnixMs.From(p.LastSuccess), p.ConsecutiveFailures, age, agentId, p.ProbeName);
        }
    }

    public void UpsertProbeHealth(long agentId, ProbeHealthReport report, long now)
    {
        foreach (var p in report.Probes)
        {
            Run(_upsertProbeHealth, agentId, p.ProbeName, p.ProbeType, StatusNames.Of(p.State), p.Message,
                UnixMs.From(p.LastRun), UnixMs.From(p.LastSuccess), p.ConsecutiveFailures, now, JsonText.Attributes(p.Details));
        }

        Run(_touchAgent, now, agentId);
    }

    /// <summary>Replaces what the probe's source last said about its jobs, and makes a job of every listed one that
    /// is not one yet.</summary>
    public void ReplaceJobList(long agentId, JobListReport report, long now)
    {
        Run(_deleteJobListings, agentId, report.ProbeName);
        foreach (var job in report.Jobs)
        {
            Run(_insertListedJob, agentId, job.JobKey, job.JobName, job.SourceKind, report.ProbeName, now);
            Run(_insertJobListing, agentId, report.ProbeName, job.JobKey, job.JobName, job.SourceKind, job.Enabled ? 1L : 0L,
                UnixMs.From(job.NextRun), JsonText.Attributes(job.Attributes), now);
        }

        Run(_recordJobList, agentId, report.ProbeName, now);
        Run(_touchAgent, now, agentId);
    }

    public void ReplaceInventory(long agentId, InventoryReport report, long now)
    {
        Run(_deleteInventory, agentId, report.ProbeName);
        foreach (var item in report.Items)
        {
            Run(_insertInventory, agentId, report.ProbeName, item.Id, item.Name, item.PowerState, report.Hypervisor,
                JsonText.Attributes(item.Attributes), UnixMs.From(report.TakenAt), now);
            Run(_recordFirstSeen, item.Id, now, agentId);
        }

        Run(_touchAgent, now, agentId);
    }

    public void Dispose()
    {
        _transaction?.Dispose();
        _insertObservation.Dispose();
        _runStates.Dispose();
        _updateJob.Dispose();
        foreach (var command in _commands)
        {
            command.Dispose();
        }
    }

    private long JobIdFor(long agentId, in ObservationRow o, long now)
    {
        if (_jobIds.TryGetValue((agentId, o.JobKey), out var id))
        {
            return id;
        }

        id = Scalar(_findJob, agentId, o.JobKey) is long found
            ? found
            : (long)Scalar(_insertJob, agentId, o.JobKey, o.DisplayName, o.SourceKind, o.ProtectedObject, o.ProbeName, now)!;
        _jobIds[(agentId, o.JobKey)] = id;
        return id;
    }

    private void UpdateJob(long jobId, in ObservationRow latest, JobChange c) =>
        _updateJob.Update(jobId, c.RunTime, latest.DisplayName, latest.SourceKind, latest.ProtectedObject, c.Status,
            latest.Start, latest.End, latest.SizeBytes, c.LastSuccess);

    private SqliteCommand Prepare(string sql, params string[] parameterNames)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        foreach (var name in parameterNames)
        {
            command.Parameters.Add(new SqliteParameter(name, DBNull.Value));
        }

        _commands.Add(command);
        return command;
    }

    private static void Bind(SqliteCommand command, object?[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i] ?? DBNull.Value;
        }
    }

    private static int Run(SqliteCommand command, params object?[] values)
    {
        Bind(command, values);
        return command.ExecuteNonQuery();
    }

    private static object? Scalar(SqliteCommand command, params object?[] values)
    {
        Bind(command, values);
        return command.ExecuteScalar();
    }

    private void EndTransaction()
    {
        _transaction?.Dispose();
        _transaction = null;
    }

    /// <summary>What one commit changes about one job: the newest run it added (its index in the batch) and its
    /// newest success.</summary>
    private readonly record struct JobChange(int Latest, string Status, long RunTime, long? LastSuccess)
    {
        public JobChange With(int index, string status, long runTime, long? success)
        {
            var lastSuccess = success is null || (LastSuccess is not null && LastSuccess >= success) ? LastSuccess : success;
            return runTime >= RunTime
                ? new JobChange(index, status, runTime, lastSuccess)
                : this with { LastSuccess = lastSuccess };
        }
    }
}
