using BackupHealth.FilesAtRest;

namespace BackupHealth.Collector.Store.Sqlite.Connections;

/// <summary>The database file and the files SQLite keeps beside it, owner-only. SQLite creates its <c>-wal</c>,
/// <c>-shm</c> and <c>-journal</c> files with the database file's own mode (it changes them to match, whatever the
/// umask), so making the database file 0600 before SQLite first opens it is enough for every later one; files a
/// previous version left wider are narrowed at start.</summary>
internal static class DatabaseFiles
{
    private static readonly string[] Companions = ["-wal", "-shm", "-journal"];

    /// <returns>The files that were wider than 0600, with the mode each had.</returns>
    public static List<(string Path, UnixFileMode Was)> MakeOwnerOnly(string databasePath)
    {
        var narrowed = new List<(string, UnixFileMode)>();
        if (OwnerOnly.Ensure(databasePath) is { } was)
        {
            narrowed.Add((databasePath, was));
        }

        foreach (var companion in Companions.Select(suffix => databasePath + suffix))
        {
            if (OwnerOnly.Restrict(companion) is { } mode)
            {
                narrowed.Add((companion, mode));
            }
        }

        return narrowed;
    }
}
