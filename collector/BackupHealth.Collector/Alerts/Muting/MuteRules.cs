using Microsoft.Data.Sqlite;

namespace BackupHealth.Collector.Alerts.Muting;

/// <summary>The silences and maintenance windows active at one instant.</summary>
internal sealed class MuteRules(IReadOnlyList<Silence> silences, IReadOnlyList<MaintenanceWindow> windows)
{
    public static MuteRules ActiveAt(SqliteConnection connection, SqliteTransaction transaction, DateTimeOffset now, List<long> unreadableWindows)
    {
        var at = now.ToUnixTimeMilliseconds();
        var silences = MuteRows.ReadSilences(connection, transaction, "starts_at <= $now AND ends_at > $now", ("$now", at));
        var windows = MuteRows.ReadWindows(connection, transaction, "1 = 1", unreadableWindows)
            .Where(w => w.IsActive(now))
            .ToList();
        return new MuteRules(silences, windows);
    }

    public bool Mutes(MuteTarget target) =>
        windows.Any(w => w.SiteId == target.SiteId) || silences.Any(s => s.Matches(target));
}
