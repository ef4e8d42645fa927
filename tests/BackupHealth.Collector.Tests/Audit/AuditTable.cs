using BackupHealth.Collector.Tests.Support;
using Microsoft.Data.Sqlite;

namespace BackupHealth.Collector.Tests.Audit;

/// <summary>The audit_log table of a test collector, read straight from its SQLite file, and the seed rows tests
/// need (an agent, a job, an alert) written the same way.</summary>
internal static class AuditTable
{
    public sealed record Row(long Id, string Actor, string? Address, string Action, string Target, string? Customer, string Detail)
    {
        public override string ToString() => $"{Actor} {Address} {Action} {Target} {Customer} {Detail}";
    }

    public static async Task<List<Row>> ReadAsync(TestCollector collector)
    {
        await using var connection = new SqliteConnection($"Data Source={collector.DatabasePath};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, actor, address, action, target, customer, detail FROM audit_log ORDER BY id";
        await using var r = await command.ExecuteReaderAsync();
        var rows = new List<Row>();
        while (await r.ReadAsync())
        {
            rows.Add(new Row(r.GetInt64(0), r.GetString(1), r.IsDBNull(2) ? null : r.GetString(2), r.GetString(3), r.GetString(4),
                r.IsDBNull(5) ? null : r.GetString(5), r.GetString(6)));
        }

        return rows;
    }

    /// <summary>Every cell of every row as one text, to show a secret appears nowhere.</summary>
    public static async Task<string> DumpAsync(TestCollector collector) =>
        string.Join("\n", (await ReadAsync(collector)).Select(r => r.ToString()));

    public static async Task<long> ExecuteAsync(TestCollector collector, string sql, params object?[] parameters)
    {
        await using var connection = new SqliteConnection($"Data Source={collector.DatabasePath};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        for (var i = 0; i < parameters.Length; i++)
        {
            command.Parameters.AddWithValue("$p" + i, parameters[i] ?? DBNull.Value);
        }

        return Convert.ToInt64(await command.ExecuteScalarAsync() ?? 0L, System.Globalization.CultureInfo.InvariantCulture);
    }

    public static Task<long> SiteAsync(TestCollector collector, string customer) => ExecuteAsync(collector,
        "SELECT s.id FROM sites s JOIN customers c ON c.id = s.customer_id WHERE c.name = $p0", customer);

    /// <summary>A job of <paramref name="customer"/>'s site (with an agent), as the ingest would have stored it.</summary>
    public static async Task<long> JobAsync(TestCollector collector, string customer)
    {
        var site = await SiteAsync(collector, customer);
        var agent = await ExecuteAsync(collector, """
            INSERT INTO agents (site_id, agent_key, host_name, os, version, first_seen, last_seen, open_streams, probes)
            VALUES ($p0, $p1, 'host', 'Linux', '1.0.0', 0, 0, 0, '[]') RETURNING id
            """, site, "agent-" + customer);
        return await ExecuteAsync(collector, """
            INSERT INTO jobs (agent_id, job_key, name, source_kind, protected_object, probe_name, first_seen)
            VALUES ($p0, 'nightly', 'Nightly', 'files', 'vm01', 'files', 0) RETURNING id
            """, agent);
    }

    public static async Task<long> AlertAsync(TestCollector collector, string customer) => await ExecuteAsync(collector, """
        INSERT INTO alerts (rule, subject, site_id, severity, state, title, detail, fired_at, last_seen_at, muted)
        VALUES ('job_failed', $p0, $p1, 'critical', 'firing', 't', 'd', 0, 0, 0) RETURNING id
        """, "job:" + Guid.NewGuid().ToString("N"), await SiteAsync(collector, customer));
}
