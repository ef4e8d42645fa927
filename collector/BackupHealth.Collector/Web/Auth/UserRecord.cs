namespace BackupHealth.Collector.Web.Auth;

/// <summary>A person as stored. <see cref="Customers"/> empty means every customer.</summary>
internal sealed record UserRecord(
    long Id,
    string Username,
    string PasswordHash,
    string Role,
    bool Disabled,
    string Stamp,
    DateTimeOffset CreatedAt,
    string CreatedBy,
    DateTimeOffset? LastSignIn,
    IReadOnlyList<CustomerRef> Customers);

/// <summary>A customer by id and name.</summary>
internal sealed record CustomerRef(long Id, string Name);
