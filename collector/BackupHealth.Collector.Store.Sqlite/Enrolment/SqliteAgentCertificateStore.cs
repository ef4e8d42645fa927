using BackupHealth.Collector.Enrolment;
using Microsoft.Data.Sqlite;

namespace BackupHealth.Collector.Store.Sqlite.Enrolment;

/// <summary>Table <c>agent_certificates</c>. Writes are rare and tiny: each is one transaction on a connection of its
/// own; revoking tells the change feed after the commit.</summary>
internal sealed class SqliteAgentCertificateStore(SqliteConnectionFactory connections, StoreWriter writer, ChangeFeed? changes = null) : IAgentCertificateStore
{
    public async Task<AgentCertificateRecord?> FindAsync(string serial, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenReaderAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT a.serial, a.site_id, c.name, s.name, a.agent_key, a.not_after, a.first_used, a.replaced, a.revoked
            FROM agent_certificates a JOIN sites s ON s.id = a.site_id JOIN customers c ON c.id = s.customer_id
            WHERE a.serial = $serial
            """;
        command.Parameters.AddWithValue("$serial", serial);
        await using var r = await command.ExecuteReaderAsync(cancellationToken);
        return await r.ReadAsync(cancellationToken)
            ? new AgentCertificateRecord(r.GetString(0), r.GetInt64(1), r.GetString(2), r.GetString(3), r.GetString(4), UnixMs.ToUtc(r.GetInt64(5)),
                Time(r, 6), Time(r, 7), Time(r, 8))
            : null;
    }

    public async Task<IReadOnlyDictionary<(long SiteId, string AgentKey), AgentCertificateState>> StatesAsync(CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenReaderAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            WITH duplicates AS (
                SELECT target, count(*) AS attempts, max(at) AS last FROM audit_log WHERE action = 'agent.enrolment-duplicate' GROUP BY target)
            SELECT a.site_id, a.agent_key, a.not_after, a.revoked, coalesce(d.attempts, 0), d.last
            FROM agent_certificates a JOIN sites s ON s.id = a.site_id JOIN customers c ON c.id = s.customer_id
            LEFT JOIN duplicates d ON d.target = 'agent:' || c.name || '/' || s.name || '/' || a.agent_key
            WHERE a.issued = (SELECT max(b.issued) FROM agent_certificates b WHERE b.site_id = a.site_id AND b.agent_key = a.agent_key)
            """;
        await using var r = await command.ExecuteReaderAsync(cancellationToken);
        var states = new Dictionary<(long, string), AgentCertificateState>();
        while (await r.ReadAsync(cancellationToken))
        {
            states[(r.GetInt64(0), r.GetString(1))] = new AgentCertificateState(UnixMs.ToUtc(r.GetInt64(2)), Time(r, 3), r.GetInt32(4), Time(r, 5));
        }

        return states;
    }

    public Task RecordAsync(NewAgentCertificate certificate) =>
        writer.WriteAsync((c, t) => Insert(c, t, certificate));

    public Task MarkUsedAsync(AgentCertificateRecord certificate, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return writer.WriteAsync((c, t) =>
        {
            var now = UnixMs.From(at);
            SqlCommands.Execute(c, t, "UPDATE agent_certificates SET first_used = $now WHERE serial = $serial AND first_used IS NULL",
                ("$now", now), ("$serial", certificate.Serial));
            return SqlCommands.Execute(c, t, """
                UPDATE agent_certificates SET replaced = $now
                WHERE site_id = $site AND agent_key = $agent AND serial <> $serial AND replaced IS NULL
                  AND issued <= (SELECT issued FROM agent_certificates WHERE serial = $serial)
                """, ("$now", now), ("$site", certificate.SiteId), ("$agent", certificate.AgentKey), ("$serial", certificate.Serial));
        });
    }

    public async Task<int> RevokeAgentAsync(long siteId, string agentKey, DateTimeOffset at)
    {
        var (revoked, scope) = await writer.WriteAsync((c, t) => (SqlCommands.Execute(c, t,
            "UPDATE agent_certificates SET revoked = $now WHERE site_id = $site AND agent_key = $agent AND revoked IS NULL",
            ("$now", UnixMs.From(at)), ("$site", siteId), ("$agent", agentKey)), ChangeScopes.OfSite(c, t, siteId)));
        changes?.Publish(scope);
        return revoked;
    }

    /// <summary>Inside a write transaction: the agent's newest certificate that still counts (not revoked, not replaced,
    /// not expired beyond <paramref name="grace"/>), as its issue time; null when it has none.</summary>
    internal static DateTime? LiveIssued(SqliteConnection c, SqliteTransaction t, long siteId, string agentKey, long now, TimeSpan grace)
    {
        using var find = SqlCommands.Command(c, t, """
            SELECT max(issued) FROM agent_certificates
            WHERE site_id = $site AND agent_key = $agent AND revoked IS NULL AND replaced IS NULL AND not_after + $grace > $now
            """, ("$site", siteId), ("$agent", agentKey), ("$grace", (long)grace.TotalMilliseconds), ("$now", now));
        return find.ExecuteScalar() is long issued ? UnixMs.ToUtc(issued) : null;
    }

    /// <summary>Inside a write transaction: records an issued certificate.</summary>
    internal static int Insert(SqliteConnection c, SqliteTransaction t, NewAgentCertificate certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return SqlCommands.Execute(c, t, """
            INSERT INTO agent_certificates (serial, site_id, agent_key, key_sha256, host_name, not_before, not_after, issued, issued_by)
            VALUES ($serial, $site, $agent, $key, $host, $before, $after, $now, $by)
            """, ("$serial", certificate.Serial), ("$site", certificate.SiteId), ("$agent", certificate.AgentKey), ("$key", certificate.KeySha256),
            ("$host", certificate.HostName), ("$before", UnixMs.From(certificate.NotBefore)), ("$after", UnixMs.From(certificate.NotAfter)),
            ("$now", UnixMs.From(certificate.Issued)), ("$by", certificate.IssuedBy));
    }

    private static DateTime? Time(SqliteDataReader r, int ordinal) => r.IsDBNull(ordinal) ? null : UnixMs.ToUtc(r.GetInt64(ordinal));
}
