using BackupHealth.Collector.Alerts.Handling;

namespace BackupHealth.Collector.Store;

/// <summary>The changes people make to alerts, silences and maintenance windows. Each is one unit of work, so an
/// acknowledgement can never be lost between an evaluation's read and its write, and each tells the live pages of the
/// customer it concerns when it changed something. The outcomes are codes; the words for people are
/// <see cref="AlertCommands"/>'s.</summary>
internal interface IAlertCommandStore
{
    /// <summary>Acknowledges the alert unless it is resolved or acknowledged already.</summary>
    Task<AlertAction> AcknowledgeAsync(long id, string by, string comment, DateTimeOffset at);

    /// <summary>Resolves the alert by hand (and lets go of what held it) unless it is resolved already.</summary>
    Task<AlertAction> ResolveAsync(long id, string by, string comment, DateTimeOffset at);

    /// <summary>Stores the silence; its id.</summary>
    Task<long> AddSilenceAsync(NewSilence silence, DateTimeOffset at);

    /// <summary>Ends the silence at <paramref name="at"/> (one that has not started by then never will); expiring an
    /// expired one changes nothing. False when there is no such silence.</summary>
    Task<bool> ExpireSilenceAsync(long id, DateTimeOffset at);

    /// <summary>Stores the window on its site; null (nothing stored) when the customer has no such site.</summary>
    Task<long?> AddWindowAsync(NewMaintenanceWindow window, DateTimeOffset at);

    /// <summary>False when there is no such window.</summary>
    Task<bool> DeleteWindowAsync(long id);
}

/// <summary>What <see cref="IAlertCommandStore.AcknowledgeAsync"/> or <see cref="IAlertCommandStore.ResolveAsync"/>
/// found.</summary>
internal enum AlertActionStatus
{
    Done = 1,
    NotFound = 2,

    /// <summary>The alert is resolved: nothing changed.</summary>
    Resolved = 3,

    /// <summary>The alert is acknowledged already (acknowledging only): nothing changed.</summary>
    Acknowledged = 4,
}

/// <summary>The outcome of an acknowledgement or resolution; <see cref="AcknowledgedBy"/> is who acknowledged it
/// before, for <see cref="AlertActionStatus.Acknowledged"/>.</summary>
internal sealed record AlertAction(AlertActionStatus Status, string? AcknowledgedBy = null)
{
    public static readonly AlertAction Done = new(AlertActionStatus.Done);

    public static readonly AlertAction NotFound = new(AlertActionStatus.NotFound);

    public static readonly AlertAction Resolved = new(AlertActionStatus.Resolved);
}
