using BackupHealth.Collector.Alerts.Api;
using BackupHealth.Collector.Store;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace BackupHealth.Collector.Coverage.Api;

/// <summary>Mappings and exclusions as people change them. Each change is one short write transaction on a connection
/// of its own (SQLite serialises it with the ingest writer and the evaluator); a request that names something
/// unknown changes nothing.</summary>
internal sealed class CoverageCommands(SqliteConnectionFactory connections, TimeProvider time, ILogger<CoverageCommands> logger)
{
    public Task<(CommandResult Result, CoverageMappingDto? Mapping)> SetMappingAsync(CoverageKey key, long jobId, string by) => InTransactionAsync((c, t) =>
    {
        if (FindVm(c, t, key, out var siteId) is { } unknown)
        {
            return (unknown, null);
        }

        if (JobOf(c, t, jobId) is not var (jobName, jobSite))
        {
            return (CommandResult.Invalid($"there is no job {jobId}"), null);
        }

        if (jobSite != siteId)
        {
            // Not the job's name: it may belong to a customer the person may not see.
            return (CommandResult.Invalid($"job {jobId} is not a job of {key.Customer} / {key.Site}"), null);
        }

        var now = UnixMs.From(time.GetUtcNow());
        Execute(c, t, """
            INSERT INTO coverage_mappings (site_id, item_id, job_id, created_by, created_at) VALUES ($site, $item, $job, $by, $now)
            ON CONFLICT (site_id, item_id, job_id) DO UPDATE SET created_by = excluded.created_by, created_at = excluded.created_at
            """, ("$site", siteId), ("$item", key.ItemId), ("$job", jobId), ("$by", by), ("$now", now));
        Log.CoverageMappingSet(logger, by, jobId, key.ItemId, key.Customer, key.Site);
        return (CommandResult.Done(jobId), new CoverageMappingDto(key.Customer, key.Site, key.ItemId, jobId, jobName, by, UnixMs.ToUtc(now)));
    });

    public async Task<CommandResult> RemoveMappingAsync(CoverageKey key, long jobId) => (await InTransactionAsync((c, t) =>
    {
        if (FindSite(c, t, key) is not { } siteId)
        {
            return (UnknownSite(key), (object?)null);
        }

        var removed = Execute(c, t, "DELETE FROM coverage_mappings WHERE site_id = $site AND item_id = $item AND job_id = $job",
            ("$site", siteId), ("$item", key.ItemId), ("$job", jobId)) == 1;
        if (removed)
        {
            Log.CoverageMappingRemoved(logger, jobId, key.ItemId, key.Customer, key.Site);
        }

        return (removed ? CommandResult.Done(jobId) : CommandResult.NotFound, null);
    })).Item1;

    public Task<(CommandResult Result, CoverageExclusionDto? Exclusion)> SetExclusionAsync(CoverageKey key, string reason, string by) => InTransactionAsync((c, t) =>
    {
        if (FindVm(c, t, key, out var siteId) is { } unknown)
        {
            return (unknown, (CoverageExclusionDto?)null);
        }

        var now = UnixMs.From(time.GetUtcNow());
        Execute(c, t, """
            INSERT INTO coverage_exclusions (site_id, item_id, reason, created_by, created_at) VALUES ($site, $item, $reason, $by, $now)
            ON CONFLICT (site_id, item_id) DO UPDATE SET
                reason = excluded.reason, created_by = excluded.created_by, created_at = excluded.created_at
            """, ("$site", siteId), ("$item", key.ItemId), ("$reason", reason), ("$by", by), ("$now", now));
        Log.CoverageExclusionSet(logger, by, key.ItemId, key.Customer, key.Site, reason);
        return (CommandResult.Done(siteId), new CoverageExclusionDto(key.Customer, key.Site, key.ItemId, reason, by, UnixMs.ToUtc(now)));
    });

    public async Task<CommandResult> RemoveExclusionAsync(CoverageKey key) => (await InTransactionAsync((c, t) =>
    {
        if (FindSite(c, t, key) is not { } siteId)
        {
            return (UnknownSite(key), (object?)null);
        }

        var removed = Execute(c, t, "DELETE FROM coverage_exclusions WHERE site_id = $site AND item_id = $item",
            ("$site", siteId), ("$item", key.ItemId)) == 1;
        if (removed)
        {
            Log.CoverageExclusionRemoved(logger, key.ItemId, key.Customer, key.Site);
        }

        return (removed ? CommandResult.Done(siteId) : CommandResult.NotFound, null);
    })).Item1;

    /// <summary>Null when the site exists and has seen the item in an inventory (now or before); else why not.</summary>
    private static CommandResult? FindVm(SqliteConnection c, SqliteTransaction t, CoverageKey key, out long siteId)
    {
        siteId = 0;
        if (FindSite(c, t, key) is not { } site)
        {
            return UnknownSite(key);
        }

        siteId = site;
        using var seen = Command(c, t, "SELECT 1 FROM inventory_first_seen WHERE site_id = $site AND item_id = $item",
            ("$site", site), ("$item", key.ItemId));
        return seen.ExecuteScalar() is null
            ? CommandResult.Invalid($"no inventory of {key.Customer} / {key.Site} has reported a VM with item id '{key.ItemId}'")
            : null;
    }

    private static (string Name, long SiteId)? JobOf(SqliteConnection c, SqliteTransaction t, long jobId)
    {
        using var job = Command(c, t, "SELECT j.name, a.site_id FROM jobs j JOIN agents a ON a.id = j.agent_id WHERE j.id = $id", ("$id", jobId));
        using var r = job.ExecuteReader();
        return r.Read() ? (r.GetString(0), r.GetInt64(1)) : null;
    }

    private static long? FindSite(SqliteConnection c, SqliteTransaction t, CoverageKey key)
    {
        using var find = Command(c, t, """
            SELECT s.id FROM sites s JOIN customers c ON c.id = s.customer_id WHERE c.name = $customer AND s.name = $site
            """, ("$customer", key.Customer), ("$site", key.Site));
        return find.ExecuteScalar() as long?;
    }

    private static CommandResult UnknownSite(CoverageKey key) =>
        CommandResult.Invalid($"there is no site '{key.Site}' of customer '{key.Customer}'");

    /// <summary>Runs off the request thread: waiting for SQLite's write lock blocks. Commits only what succeeded.</summary>
    private Task<(CommandResult, T?)> InTransactionAsync<T>(Func<SqliteConnection, SqliteTransaction, (CommandResult, T?)> work) => Task.Run(() =>
    {
        using var connection = connections.OpenWriter();
        using var transaction = connection.BeginTransaction();
        var result = work(connection, transaction);
        if (result.Item1.Status == CommandStatus.Done)
        {
            transaction.Commit();
        }

        return result;
    });

    private static int Execute(SqliteConnection c, SqliteTransaction t, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(c, t, sql, parameters);
        return command.ExecuteNonQuery();
    }

    private static SqliteCommand Command(SqliteConnection c, SqliteTransaction t, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = c.CreateCommand();
        command.Transaction = t;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return command;
    }
}
