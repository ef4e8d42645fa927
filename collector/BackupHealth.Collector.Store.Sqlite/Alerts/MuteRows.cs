using BackupHealth.Collector.Alerts.Muting;
using Microsoft.Data.Sqlite;

namespace BackupHealth.Collector.Store.Sqlite.Alerts;

/// <summary>Reads silences and maintenance windows, for the evaluator (inside its transaction) and the API's reads.</summary>
internal static class MuteRows
{
    public static List<Silence> ReadSilences(SqliteConnection connection, SqliteTransaction? transaction, string where,
        params (string Name, object? Value)[] parameters)
    {
        using var command = SqlCommands.Command(connection, transaction, $"""
            SELECT id, customer, site, agent, job, rule, starts_at, ends_at, comment, created_by, created_at
            FROM silences WHERE {where} ORDER BY id
            """, parameters);
        using var r = command.ExecuteReader();
        var silences = new List<Silence>();
        while (r.Read())
        {
            silences.Add(new Silence(r.GetInt64(0), Text(r, 1), Text(r, 2), Text(r, 3), Text(r, 4), Text(r, 5), Time(r, 6),
                Time(r, 7), r.GetString(8), r.GetString(9), Time(r, 10)));
        }

        return silences;
    }

    /// <summary>Windows whose time zone this machine does not know (any more) are left out and their ids added to
    /// <paramref name="unreadable"/>.</summary>
    public static List<MaintenanceWindow> ReadWindows(SqliteConnection connection, SqliteTransaction? transaction, string where,
        List<long> unreadable, params (string Name, object? Value)[] parameters)
    {
        using var command = SqlCommands.Command(connection, transaction, $"""
            SELECT w.id, w.site_id, c.name, s.name, w.days, w.start_time, w.duration_ms, w.time_zone, w.starts_at, w.ends_at,
                   w.comment, w.created_by, w.created_at
            FROM maintenance_windows w JOIN sites s ON s.id = w.site_id JOIN customers c ON c.id = s.customer_id
            WHERE {where} ORDER BY w.id
            """, parameters);
        using var r = command.ExecuteReader();
        var windows = new List<MaintenanceWindow>();
        while (r.Read())
        {
            RecurringWindow? recurring = null;
            if (!r.IsDBNull(4))
            {
                if (!TryRecurring(r.GetString(4), r.GetString(5), r.GetInt64(6), r.GetString(7), out recurring))
                {
                    unreadable.Add(r.GetInt64(0));
                    continue;
                }
            }

            windows.Add(new MaintenanceWindow(r.GetInt64(0), r.GetInt64(1), r.GetString(2), r.GetString(3), recurring,
                r.IsDBNull(8) ? null : Time(r, 8), r.IsDBNull(9) ? null : Time(r, 9), r.GetString(10), r.GetString(11), Time(r, 12)));
        }

        return windows;
    }

    private static bool TryRecurring(string days, string start, long durationMs, string zoneId, out RecurringWindow? window)
    {
        window = null;
        if (!WeekDays.TryParse(WeekDays.Split(days), out var set, out _) || !RecurringWindow.TryParseStart(start, out var opens)
            || !RecurringWindow.TryFindZone(zoneId, out var zone))
        {
            return false;
        }

        window = new RecurringWindow(set, opens, TimeSpan.FromMilliseconds(durationMs), zone);
        return true;
    }

    private static string? Text(SqliteDataReader r, int ordinal) => r.IsDBNull(ordinal) ? null : r.GetString(ordinal);

    private static DateTimeOffset Time(SqliteDataReader r, int ordinal) => DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(ordinal));
}
