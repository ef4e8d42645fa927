using Microsoft.Data.Sqlite;

namespace BackupHealth.Collector.Store.Sqlite.Connections;

/// <summary>Parameterised commands inside a write transaction, for the stores that write outside the group-commit
/// writer, or on a reader without one (a null value binds SQL NULL).</summary>
internal static class SqlCommands
{
    public static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return command;
    }

    public static int Execute(SqliteConnection connection, SqliteTransaction transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(connection, transaction, sql, parameters);
        return command.ExecuteNonQuery();
    }

    /// <summary>Runs <paramref name="work"/> in one write transaction off the request thread (waiting for SQLite's write
    /// lock blocks), committing when it returns.</summary>
    public static Task<T> WriteAsync<T>(SqliteConnectionFactory connections, Func<SqliteConnection, SqliteTransaction, T> work) =>
        WriteAsync(connections, work, _ => true);

    /// <summary>As <see cref="WriteAsync{T}(SqliteConnectionFactory, Func{SqliteConnection, SqliteTransaction, T})"/>,
    /// but rolls back when <paramref name="commits"/> refuses what the work returned: a change refused after it was
    /// tried leaves nothing behind.</summary>
    public static Task<T> WriteAsync<T>(SqliteConnectionFactory connections, Func<SqliteConnection, SqliteTransaction, T> work, Func<T, bool> commits) =>
        Task.Run(() =>
        {
            ArgumentNullException.ThrowIfNull(connections);
            ArgumentNullException.ThrowIfNull(commits);
            using var connection = connections.OpenWriter();
            using var transaction = connection.BeginTransaction();
            var result = work(connection, transaction);
            if (commits(result))
            {
                transaction.Commit();
            }
            else
            {
                transaction.Rollback();
            }

            return result;
        });

    /// <summary>Every row of <paramref name="command"/>'s result, mapped.</summary>
    public static async Task<IReadOnlyList<T>> ReadAllAsync<T>(SqliteCommand command, Func<SqliteDataReader, T> map, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(map);
        var rows = new List<T>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(map(reader));
        }

        return rows;
    }
}
