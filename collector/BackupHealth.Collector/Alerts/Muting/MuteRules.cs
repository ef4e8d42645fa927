using BackupHealth.Collector.Store;

namespace BackupHealth.Collector.Alerts.Muting;

/// <summary>The silences and maintenance windows active at one instant.</summary>
internal sealed class MuteRules(IReadOnlyList<Silence> silences, IReadOnlyList<MaintenanceWindow> windows)
{
    /// <summary>The silences and the maintenance windows in force at <paramref name="now"/>, read in
    /// <paramref name="work"/>; windows whose stored rule cannot be read go to <paramref name="unreadableWindows"/>.</summary>
    public static MuteRules ActiveAt(IAlertUnitOfWork work, DateTimeOffset now, List<long> unreadableWindows)
    {
        ArgumentNullException.ThrowIfNull(work);
        var windows = work.MaintenanceWindows(unreadableWindows).Where(w => w.IsActive(now)).ToList();
        return new MuteRules(work.SilencesAt(now), windows);
    }

    public bool Mutes(MuteTarget target) =>
        windows.Any(w => w.SiteId == target.SiteId) || silences.Any(s => s.Matches(target));
}
