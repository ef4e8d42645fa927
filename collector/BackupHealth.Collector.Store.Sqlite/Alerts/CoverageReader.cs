using BackupHealth.Collector.Alerts;
using BackupHealth.Collector.Model;
using Microsoft.Data.Sqlite;

namespace BackupHealth.Collector.Store.Sqlite.Alerts;

/// <summary>The coverage part of the snapshot: one query per table (inventory, mappings, exclusions), whatever the
/// number of VMs.</summary>
internal static class CoverageReader
{
    public static CoverageSnapshot Read(SqliteConnection connection, SqliteTransaction transaction) =>
        new(ReadVms(connection, transaction), ReadMappings(connection, transaction), ReadExclusions(connection, transaction));

    /// <summary>One VM per (site, item id): when several probes report it, the newest report stands for it.</summary>
    private static List<InventoryVm> ReadVms(SqliteConnection connection, SqliteTransaction transaction)
    {
        using var command = SnapshotLoader.Command(connection, transaction, """
            SELECT a.site_id, c.name, s.name, i.agent_id, a.agent_key, i.probe_name, i.hypervisor, i.item_id, i.name,
                   i.power_state, json_extract(i.attributes, '$.vm_uuid'), json_extract(i.attributes, '$.vmid'),
                   coalesce(f.first_seen, i.received_at), i.received_at
            FROM inventory_items i
                 JOIN agents a ON a.id = i.agent_id JOIN sites s ON s.id = a.site_id JOIN customers c ON c.id = s.customer_id
                 LEFT JOIN inventory_first_seen f ON f.site_id = a.site_id AND f.item_id = i.item_id
            ORDER BY a.site_id, i.item_id, i.received_at DESC, coalesce(i.taken_at, 0) DESC, i.agent_id, i.probe_name
            """);
        using var r = command.ExecuteReader();
        var vms = new List<InventoryVm>();
        while (r.Read())
        {
            var siteId = r.GetInt64(0);
            var itemId = r.GetString(7);
            if (vms.Count > 0 && vms[^1].SiteId == siteId && string.Equals(vms[^1].ItemId, itemId, StringComparison.Ordinal))
            {
                continue;
            }

            vms.Add(new InventoryVm(siteId, r.GetString(1), r.GetString(2), r.GetInt64(3), r.GetString(4), r.GetString(5),
                r.GetString(6), itemId, r.GetString(8), r.GetString(9), SnapshotLoader.Text(r, 10), SnapshotLoader.Text(r, 11),
                SnapshotLoader.Time(r.GetInt64(12)), SnapshotLoader.Time(r.GetInt64(13))));
        }

        return vms;
    }

    private static List<CoverageMapping> ReadMappings(SqliteConnection connection, SqliteTransaction transaction)
    {
        using var command = SnapshotLoader.Command(connection, transaction,
            "SELECT site_id, item_id, job_id, created_by, created_at FROM coverage_mappings ORDER BY site_id, item_id, job_id");
        using var r = command.ExecuteReader();
        var mappings = new List<CoverageMapping>();
        while (r.Read())
        {
            mappings.Add(new CoverageMapping(r.GetInt64(0), r.GetString(1), r.GetInt64(2), r.GetString(3), SnapshotLoader.Time(r.GetInt64(4))));
        }

        return mappings;
    }

    private static List<CoverageExclusion> ReadExclusions(SqliteConnection connection, SqliteTransaction transaction)
    {
        using var command = SnapshotLoader.Command(connection, transaction,
            "SELECT site_id, item_id, reason, created_by, created_at FROM coverage_exclusions ORDER BY site_id, item_id");
        using var r = command.ExecuteReader();
        var exclusions = new List<CoverageExclusion>();
        while (r.Read())
        {
            exclusions.Add(new CoverageExclusion(r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetString(3), SnapshotLoader.Time(r.GetInt64(4))));
        }

        return exclusions;
    }
}
