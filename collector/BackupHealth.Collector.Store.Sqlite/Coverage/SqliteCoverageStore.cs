using BackupHealth.Collector.Coverage;
using Microsoft.Data.Sqlite;

namespace BackupHealth.Collector.Store.Sqlite.Coverage;

/// <summary>Tables <c>coverage_mappings</c> and <c>coverage_exclusions</c>. Each change is one command through the
/// store's writer, kept only when it is done (rolled back to its savepoint otherwise).</summary>
internal sealed class SqliteCoverageStore(SqliteConnectionFactory connections, StoreWriter writer) : ICoverageStore
{
    public async Task<IReadOnlyList<CoverageMappingDto>> ListMappingsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenReaderAsync(cancellationToken);
        await using var command = SqlCommands.Command(connection, null, """
            SELECT c.name, s.name, m.item_id, m.job_id, j.name, m.created_by, m.created_at
            FROM coverage_mappings m JOIN sites s ON s.id = m.site_id JOIN customers c ON c.id = s.customer_id
                 JOIN jobs j ON j.id = m.job_id
            ORDER BY c.name, s.name, m.item_id, m.job_id
            """);
        return await SqlCommands.ReadAllAsync(command, r => new CoverageMappingDto(r.GetString(0), r.GetString(1), r.GetString(2), r.GetInt64(3),
            r.GetString(4), r.GetString(5), UnixMs.ToUtc(r.GetInt64(6))), cancellationToken);
    }

    public async Task<IReadOnlyList<CoverageExclusionDto>> ListExclusionsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenReaderAsync(cancellationToken);
        await using var command = SqlCommands.Command(connection, null, """
            SELECT c.name, s.name, e.item_id, e.reason, e.created_by, e.created_at
            FROM coverage_exclusions e JOIN sites s ON s.id = e.site_id JOIN customers c ON c.id = s.customer_id
            ORDER BY c.name, s.name, e.item_id
            """);
        return await SqlCommands.ReadAllAsync(command, r => new CoverageExclusionDto(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3),
            r.GetString(4), UnixMs.ToUtc(r.GetInt64(5))), cancellationToken);
    }

    public Task<CoverageWrite> SetMappingAsync(CoverageKey vm, long jobId, string by, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(vm);
        return WriteAsync((c, t) =>
        {
            if (FindVm(c, t, vm, out var siteId) is { } refused)
            {
                return refused;
            }

            using var job = SqlCommands.Command(c, t, "SELECT j.name, a.site_id FROM jobs j JOIN agents a ON a.id = j.agent_id WHERE j.id = $id",
                ("$id", jobId));
            using (var r = job.ExecuteReader())
            {
                if (!r.Read())
                {
                    return new CoverageWrite(CoverageWriteStatus.UnknownJob);
                }

                if (r.GetInt64(1) != siteId)
                {
                    return new CoverageWrite(CoverageWriteStatus.JobOfOtherSite);
                }

                SqlCommands.Execute(c, t, """
                    INSERT INTO coverage_mappings (site_id, item_id, job_id, created_by, created_at) VALUES ($site, $item, $job, $by, $now)
                    ON CONFLICT (site_id, item_id, job_id) DO UPDATE SET created_by = excluded.created_by, created_at = excluded.created_at
                    """, ("$site", siteId), ("$item", vm.ItemId), ("$job", jobId), ("$by", by), ("$now", UnixMs.From(at)));
                return new CoverageWrite(CoverageWriteStatus.Done, siteId, r.GetString(0));
            }
        });
    }

    public Task<CoverageWrite> RemoveMappingAsync(CoverageKey vm, long jobId)
    {
        ArgumentNullException.ThrowIfNull(vm);
        return RemoveAsync(vm, "DELETE FROM coverage_mappings WHERE site_id = $site AND item_id = $item AND job_id = $job", ("$job", jobId));
    }

    public Task<CoverageWrite> SetExclusionAsync(CoverageKey vm, string reason, string by, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(vm);
        return WriteAsync((c, t) =>
        {
            if (FindVm(c, t, vm, out var siteId) is { } refused)
            {
                return refused;
            }

            SqlCommands.Execute(c, t, """
                INSERT INTO coverage_exclusions (site_id, item_id, reason, created_by, created_at) VALUES ($site, $item, $reason, $by, $now)
                ON CONFLICT (site_id, item_id) DO UPDATE SET
                    reason = excluded.reason, created_by = excluded.created_by, created_at = excluded.created_at
                """, ("$site", siteId), ("$item", vm.ItemId), ("$reason", reason), ("$by", by), ("$now", UnixMs.From(at)));
            return new CoverageWrite(CoverageWriteStatus.Done, siteId);
        });
    }

    public Task<CoverageWrite> RemoveExclusionAsync(CoverageKey vm)
    {
        ArgumentNullException.ThrowIfNull(vm);
        return RemoveAsync(vm, "DELETE FROM coverage_exclusions WHERE site_id = $site AND item_id = $item");
    }

    /// <summary>Deletes the VM's row that <paramref name="sql"/> names (with <c>$site</c> and <c>$item</c> bound).</summary>
    private Task<CoverageWrite> RemoveAsync(CoverageKey vm, string sql, params (string Name, object? Value)[] more) => WriteAsync((c, t) =>
    {
        if (FindSite(c, t, vm) is not { } siteId)
        {
            return CoverageWrite.UnknownSite;
        }

        var removed = SqlCommands.Execute(c, t, sql, [("$site", siteId), ("$item", vm.ItemId), .. more]) == 1;
        return removed ? new CoverageWrite(CoverageWriteStatus.Done, siteId) : CoverageWrite.NotFound;
    });

    /// <summary>Null, with the site's id, when the site exists and has seen the item in an inventory (now or before);
    /// else why not.</summary>
    private static CoverageWrite? FindVm(SqliteConnection c, SqliteTransaction t, CoverageKey vm, out long siteId)
    {
        siteId = 0;
        if (FindSite(c, t, vm) is not { } site)
        {
            return CoverageWrite.UnknownSite;
        }

        siteId = site;
        using var seen = SqlCommands.Command(c, t, "SELECT 1 FROM inventory_first_seen WHERE site_id = $site AND item_id = $item",
            ("$site", site), ("$item", vm.ItemId));
        return seen.ExecuteScalar() is null ? CoverageWrite.UnknownVm : null;
    }

    private static long? FindSite(SqliteConnection c, SqliteTransaction t, CoverageKey vm) => SiteIds.Find(c, t, vm.Customer, vm.Site);

    private Task<CoverageWrite> WriteAsync(Func<SqliteConnection, SqliteTransaction, CoverageWrite> work) =>
        writer.WriteAsync(work, write => write.Status == CoverageWriteStatus.Done);
}
