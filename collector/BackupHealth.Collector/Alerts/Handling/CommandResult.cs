namespace BackupHealth.Collector.Alerts.Handling;

internal enum CommandStatus
{
    Done = 1,
    NotFound = 2,

    /// <summary>The request is valid but the thing is not in a state that allows it (409).</summary>
    Conflict = 3,

    /// <summary>The request names something that does not exist (400), e.g. an unknown site.</summary>
    Invalid = 4,
}

/// <summary>The outcome of a change the API asked for; <see cref="Id"/> is the created or changed row.</summary>
internal sealed record CommandResult(CommandStatus Status, long Id = 0, string Reason = "")
{
    public static CommandResult Done(long id) => new(CommandStatus.Done, id);

    public static readonly CommandResult NotFound = new(CommandStatus.NotFound);

    public static CommandResult Conflict(string reason) => new(CommandStatus.Conflict, 0, reason);

    public static CommandResult Invalid(string reason) => new(CommandStatus.Invalid, 0, reason);
}
