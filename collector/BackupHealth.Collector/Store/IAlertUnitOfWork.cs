using BackupHealth.Collector.Alerts.Muting;

namespace BackupHealth.Collector.Store;

/// <summary>The reads and writes of one evaluation's unit of work (<see cref="IEvaluationStore.InUnitOfWorkAsync"/>).</summary>
internal interface IAlertUnitOfWork
{
    IAlertTable Alerts { get; }

    INotificationOutbox Notifications { get; }

    /// <summary>Silences in force at <paramref name="now"/>.</summary>
    IReadOnlyList<Silence> SilencesAt(DateTimeOffset now);

    /// <summary>Every maintenance window; the ids of those whose stored rule cannot be read go to
    /// <paramref name="unreadable"/> instead.</summary>
    IReadOnlyList<MaintenanceWindow> MaintenanceWindows(List<long> unreadable);
}
