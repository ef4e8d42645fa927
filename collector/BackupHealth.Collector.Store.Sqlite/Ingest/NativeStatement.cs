using System.Text;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace BackupHealth.Collector.Store.Sqlite.Ingest;

/// <summary>A statement on the write connection driven through SQLite's own API, for the few statements that run
/// once per observation. <see cref="SqliteCommand"/> looks every parameter up by name and converts it to UTF-8 on
/// every execution, which cost more than SQLite's own work per row; here parameters are bound by position and
/// text is encoded into one reused buffer. It runs inside whatever transaction the connection has open.</summary>
internal sealed class NativeStatement : IDisposable
{
    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _statement;
    private byte[] _utf8 = new byte[512];

    public NativeStatement(SqliteConnection connection, string sql)
    {
        _db = connection.Handle ?? throw new InvalidOperationException("The connection must be open.");
        var rc = raw.sqlite3_prepare_v3(_db, sql, raw.SQLITE_PREPARE_PERSISTENT, out _statement);
        if (rc != raw.SQLITE_OK)
        {
            _statement.Dispose();
            SqliteException.ThrowExceptionForRC(rc, _db);
        }
    }

    /// <summary>The 1-based position of a named parameter, for binding.</summary>
    public int IndexOf(string name)
    {
        var index = raw.sqlite3_bind_parameter_index(_statement, name);
        return index > 0 ? index : throw new ArgumentException($"The statement has no parameter {name}.", nameof(name));
    }

    public void BindNull(int index) => Check(raw.sqlite3_bind_null(_statement, index));

    public void Bind(int index, long value) => Check(raw.sqlite3_bind_int64(_statement, index, value));

    public void Bind(int index, long? value) =>
        Check(value is { } v ? raw.sqlite3_bind_int64(_statement, index, v) : raw.sqlite3_bind_null(_statement, index));

    public void Bind(int index, string? value)
    {
        if (value is null)
        {
            BindNull(index);
            return;
        }

        var length = Encoding.UTF8.GetMaxByteCount(value.Length);
        if (length > _utf8.Length)
        {
            _utf8 = new byte[Math.Max(length, _utf8.Length * 2)];
        }

        BindUtf8(index, _utf8.AsSpan(0, Encoding.UTF8.GetBytes(value, _utf8)));
    }

    /// <summary>Binds text already encoded as UTF-8; SQLite copies it, so the buffer may be reused at once.</summary>
    public void BindUtf8(int index, ReadOnlySpan<byte> utf8) =>
        // An empty span has no address, and SQLite would take a null pointer for NULL rather than for ''.
        Check(utf8.IsEmpty ? raw.sqlite3_bind_text(_statement, index, "") : raw.sqlite3_bind_text(_statement, index, utf8));

    /// <summary>Runs the statement to completion and returns how many rows it changed.</summary>
    public int Execute()
    {
        var rc = raw.sqlite3_step(_statement);
        try
        {
            if (rc != raw.SQLITE_DONE)
            {
                SqliteException.ThrowExceptionForRC(rc, _db);
            }
        }
        finally
        {
            raw.sqlite3_reset(_statement);
        }

        return raw.sqlite3_changes(_db);
    }

    public void Dispose() => _statement.Dispose();

    private void Check(int rc)
    {
        if (rc != raw.SQLITE_OK)
        {
            SqliteException.ThrowExceptionForRC(rc, _db);
        }
    }
}
