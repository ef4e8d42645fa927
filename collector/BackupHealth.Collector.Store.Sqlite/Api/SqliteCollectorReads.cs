using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace BackupHealth.Collector.Store.Sqlite.Api;

/// <summary>Reads for authentication, the API and the page, each on its own pooled read-only connection so they
/// never wait for (or hold up) the writer.</summary>
internal sealed class SqliteCollectorReads(SqliteConnectionFactory connections) : ICollectorReads
{
    public async Task<SiteIdentity?> FindSiteByTokenHashAsync(string tokenHash, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenReaderAsync(cancellationToken);
        await using var command = SqlCommands.Command(connection, null, """
            SELECT s.id, c.name, s.name
            FROM agent_tokens t JOIN sites s ON s.id = t.site_id JOIN customers c ON c.id = s.customer_id
            WHERE t.token_hash = $hash AND t.revoked IS NULL
            """, ("$hash", tokenHash));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new SiteIdentity(reader.GetInt64(0), reader.GetString(1), reader.GetString(2))
            : null;
    }

    public async Task<IReadOnlyList<SiteRecord>> GetSitesAsync(CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenReaderAsync(cancellationToken);
        await using var command = SqlCommands.Command(connection, null, """
            SELECT s.id, c.name, s.name FROM sites s JOIN customers c ON c.id = s.customer_id ORDER BY c.name, s.name
            """);
        return await SqlCommands.ReadAllAsync(command, r => new SiteRecord(r.GetInt64(0), r.GetString(1), r.GetString(2)), cancellationToken);
    }

    public async Task<IReadOnlyList<AgentRecord>> GetAgentsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenReaderAsync(cancellationToken);
        var health = await ReadProbeHealthAsync(connection, cancellationToken);
        await using var command = SqlCommands.Command(connection, null, """
            SELECT a.id, a.site_id, a.agent_key, c.name, s.name, a.host_name, a.os, a.version, a.first_seen, a.last_seen,
                   a.open_streams, a.outbox_depth, a.probes, a.backlog_since
            FROM agents a JOIN sites s ON s.id = a.site_id JOIN customers c ON c.id = s.customer_id
            ORDER BY c.name, s.name, a.agent_key
            """);
        return await SqlCommands.ReadAllAsync(command, r => new AgentRecord(
            r.GetInt64(0), r.GetInt64(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetString(5), r.GetString(6),
            r.GetString(7), UnixMs.ToUtc(r.GetInt64(8)), UnixMs.ToUtc(r.GetInt64(9)), r.GetInt64(10) > 0,
            r.IsDBNull(11) ? null : r.GetInt64(11),
            MergeProbes(r.GetString(12), health.GetValueOrDefault(r.GetInt64(0)) ?? []),
            r.IsDBNull(13) ? null : UnixMs.ToUtc(r.GetInt64(13))), cancellationToken);
    }

    public async Task<IReadOnlyList<JobRecord>> GetJobsAsync(string? customer, string? site, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenReaderAsync(cancellationToken);
        await using var command = SqlCommands.Command(connection, null, """
            SELECT j.id, s.id, c.name, s.name, a.agent_key, j.job_key, j.name, j.source_kind, j.protected_object,
                   j.latest_status, j.latest_start, j.latest_end, j.latest_size, j.last_success
            FROM jobs j JOIN agents a ON a.id = j.agent_id JOIN sites s ON s.id = a.site_id
                 JOIN customers c ON c.id = s.customer_id
            WHERE ($customer IS NULL OR c.name = $customer) AND ($site IS NULL OR s.name = $site)
            ORDER BY c.name, s.name, j.name, j.id
            """, ("$customer", customer), ("$site", site));
        return await SqlCommands.ReadAllAsync(command, r => new JobRecord(
            r.GetInt64(0), r.GetInt64(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetString(5), r.GetString(6),
            r.GetString(7), r.GetString(8), r.IsDBNull(9) ? null : r.GetString(9), NullableTime(r, 10), NullableTime(r, 11),
            r.IsDBNull(12) ? null : r.GetInt64(12), NullableTime(r, 13)), cancellationToken);
    }

    /// <summary>The job's runs, newest first; null when there is no such job.</summary>
    public async Task<IReadOnlyList<StoredRun>?> GetRunsAsync(long jobId, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenReaderAsync(cancellationToken);
        await using (var exists = SqlCommands.Command(connection, null, "SELECT 1 FROM jobs WHERE id = $id", ("$id", jobId)))
        {
            if (await exists.ExecuteScalarAsync(cancellationToken) is null)
            {
                return null;
            }
        }

        await using var command = SqlCommands.Command(connection, null, """
            SELECT observation_id, status, start_time, end_time, size_bytes, verification, verification_detail, message,
                   attributes, received_at
            FROM observations WHERE job_id = $id AND superseded = 0
            ORDER BY run_time DESC, id DESC
            LIMIT $limit
            """, ("$id", jobId), ("$limit", limit));
        return await SqlCommands.ReadAllAsync(command, r => new StoredRun(
            r.GetString(0), r.GetString(1), NullableTime(r, 2), NullableTime(r, 3), r.GetInt64(4), r.GetString(5),
            r.GetString(6), r.GetString(7), r.IsDBNull(8) ? null : r.GetString(8), UnixMs.ToUtc(r.GetInt64(9))), cancellationToken);
    }

    private static async Task<Dictionary<long, List<ProbeRecord>>> ReadProbeHealthAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        await using var command = SqlCommands.Command(connection, null,
            "SELECT agent_id, probe_name, probe_type, state, message, last_run, details FROM probe_health ORDER BY agent_id, probe_name");
        var byAgent = new Dictionary<long, List<ProbeRecord>>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var agentId = reader.GetInt64(0);
            if (!byAgent.TryGetValue(agentId, out var list))
            {
                byAgent[agentId] = list = [];
            }

            list.Add(new ProbeRecord(reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), NullableTime(reader, 5),
                JsonText.ReadTexts(reader.IsDBNull(6) ? null : reader.GetString(6))));
        }

        return byAgent;
    }

    /// <summary>The probes the agent announced in its Hello, with the latest health each reported; probes that
    /// reported health but are no longer configured are kept, since their last word may be an error.</summary>
    private static List<ProbeRecord> MergeProbes(string configuredJson, List<ProbeRecord> reported)
    {
        var merged = new List<ProbeRecord>();
        using var document = JsonDocument.Parse(configuredJson);
        foreach (var probe in document.RootElement.EnumerateArray())
        {
            var name = probe.GetProperty("name").GetString() ?? "";
            var type = probe.GetProperty("type").GetString() ?? "";
            var health = reported.Find(p => p.Name == name);
            merged.Add(health is null ? new ProbeRecord(name, type, "unknown", "", null, JsonText.ReadTexts(null)) : health with { Type = type.Length > 0 ? type : health.Type });
        }

        merged.AddRange(reported.Where(r => !merged.Exists(m => m.Name == r.Name)));
        return merged;
    }

    private static DateTime? NullableTime(SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : UnixMs.ToUtc(reader.GetInt64(ordinal));
}
