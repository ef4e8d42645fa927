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

    /// <summary>Lets go of what reading held open (pooled connections), so the data can be moved once the command
    /// ends.</summary>
    void Release();
}
