using System.Security.Cryptography;
using BackupHealth.Collector.Store;

namespace BackupHealth.Collector.Notify.Links;

/// <summary>This collector's own id (table <c>collector_instance</c>), made at the first use and kept with its data:
/// 12 lowercase hex digits. Webhook alert keys carry it (<c>bh-&lt;instance&gt;-&lt;alert id&gt;</c>), so alerts of two
/// collectors reporting into one ticketing system never share a key.</summary>
internal sealed class CollectorInstance(SqliteConnectionFactory connections)
{
    private readonly Lazy<string> _id = new(() => Load(connections), LazyThreadSafetyMode.ExecutionAndPublication);

    public string Id => _id.Value;

    private static string Load(SqliteConnectionFactory connections)
    {
        using var connection = connections.OpenWriter();
        using var transaction = connection.BeginTransaction();
        SqlCommands.Execute(connection, transaction, "INSERT OR IGNORE INTO collector_instance (id, instance_id) VALUES (1, $id)",
            ("$id", Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6))));
        using var read = SqlCommands.Command(connection, transaction, "SELECT instance_id FROM collector_instance WHERE id = 1");
        var id = (string)read.ExecuteScalar()!;
        transaction.Commit();
        return id;
    }
}
