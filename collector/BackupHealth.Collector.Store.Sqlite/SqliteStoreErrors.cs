using Microsoft.Data.Sqlite;

namespace BackupHealth.Collector.Store.Sqlite;

/// <summary>SQLite's result codes that are the store's, not the request's.</summary>
internal sealed class SqliteStoreErrors : IStoreErrors
{
    // SQLITE_BUSY, SQLITE_READONLY, SQLITE_IOERR, SQLITE_CORRUPT, SQLITE_FULL, SQLITE_CANTOPEN.
    private static readonly int[] StoreCodes = [5, 8, 10, 11, 13, 14];

    public string? WhyUnavailable(Exception exception) =>
        exception is SqliteException sqlite && StoreCodes.Contains(sqlite.SqliteErrorCode) ? sqlite.Message : null;
}
