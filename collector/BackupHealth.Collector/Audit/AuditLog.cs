using BackupHealth.Collector.Store;
using BackupHealth.Collector.Telemetry;
using BackupHealth.Collector.Web.Auth;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace BackupHealth.Collector.Audit;

/// <summary>The audit log in the collector's database. Each row is one short write transaction on a connection of
/// its own (audit writes are rare; they never join the ingest writer's group commit). The only SQL that touches
/// <c>audit_log</c> besides reads is the INSERT below: rows are never updated or deleted.</summary>
internal sealed class AuditLog(SqliteConnectionFactory connections, TimeProvider time, ILogger<AuditLog> logger) : IAuditLog
{
    public const int MaxActorLength = 200;
    public const int MaxTextLength = 500;

    public Task RecordAsync(AuditEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var at = time.GetUtcNow();
        // Off the request thread: waiting for SQLite's write lock blocks.
        return Task.Run(() =>
        {
            try
            {
                Insert(entry, UnixMs.From(at));
            }
            catch (Exception e) when (e is SqliteException or InvalidOperationException or IOException)
            {
                // A failed sign-in for a name that matches no user has the name as typed as its actor, maybe a password
                // typed into the wrong field: not for the log.
                var (actor, target) = entry is { Action: AuditActions.SignInFailed, Detail: SignInResult.UnknownUser }
                    ? (LogText.HiddenName(entry.Actor), AuditTargets.User(LogText.HiddenName(entry.Actor)))
                    : (entry.Actor, entry.Target);
                Log.AuditWriteFailed(logger, entry.Action, actor, entry.Address ?? "", target, entry.Customer ?? "", entry.Detail, e);
            }
        });
    }

    private void Insert(AuditEntry entry, long at)
    {
        var (kind, key) = AuditTargets.Split(entry.Target);
        using var connection = connections.OpenWriter();
        using var command = connection.CreateCommand();
        // A job, alert or site target names its customer unless the caller did: limited technicians filter by it.
        command.CommandText = """
            INSERT INTO audit_log (at, actor, address, action, target, customer, detail)
            VALUES ($at, $actor, $address, $action, $target, coalesce($customer, CASE $kind
                WHEN 'job' THEN (SELECT c.name FROM jobs j JOIN agents a ON a.id = j.agent_id JOIN sites s ON s.id = a.site_id
                                 JOIN customers c ON c.id = s.customer_id WHERE j.id = $key)
                WHEN 'alert' THEN (SELECT c.name FROM alerts al JOIN sites s ON s.id = al.site_id JOIN customers c ON c.id = s.customer_id
                                   WHERE al.id = $key)
                WHEN 'site' THEN (SELECT c.name FROM sites s JOIN customers c ON c.id = s.customer_id WHERE s.id = $key)
                END), $detail)
            """;
        command.Parameters.AddWithValue("$at", at);
        command.Parameters.AddWithValue("$actor", Cut(entry.Actor, MaxActorLength));
        command.Parameters.AddWithValue("$address", (object?)entry.Address ?? DBNull.Value);
        command.Parameters.AddWithValue("$action", entry.Action);
        command.Parameters.AddWithValue("$target", Cut(entry.Target, MaxTextLength));
        command.Parameters.AddWithValue("$customer", (object?)entry.Customer ?? DBNull.Value);
        command.Parameters.AddWithValue("$kind", kind);
        command.Parameters.AddWithValue("$key", key);
        command.Parameters.AddWithValue("$detail", Cut(entry.Detail, MaxTextLength));
        command.ExecuteNonQuery();
    }

    private static string Cut(string text, int max)
    {
        var clean = new string(text.Select(c => char.IsControl(c) ? ' ' : c).ToArray());
        return clean.Length <= max ? clean : clean[..max];
    }
}
