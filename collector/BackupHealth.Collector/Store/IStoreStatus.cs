namespace BackupHealth.Collector.Store;

/// <summary>What a command that works on the collector's existing data (add-user, set-password, create-api-token)
/// asks of the store before it starts: such a command never creates, migrates or seeds the store, so a wrong data
/// folder is an error instead of a new empty store nobody signs in to.</summary>
internal interface IStoreStatus
{
    /// <summary>Where the data is, for people (the command names it on standard error).</summary>
    string Location { get; }

    /// <summary>Why the existing store cannot be used by this version (missing, another schema, unreadable), or null
    /// when it can.</summary>
    string? ExistingDatabaseProblem();

    /// <summary>After <see cref="ExistingDatabaseProblem"/> found none: lets the command's writes through (the
    /// store's writer starts; the collector's own start-up step, which migrates and seeds, is not run).</summary>
    void OpenForCommand();

    /// <summary>Commits what the command wrote and lets go of what it held open (the writer, pooled connections), so
    /// the data can be moved once the command ends.</summary>
    Task ReleaseAsync();
}
