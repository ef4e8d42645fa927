namespace BackupHealth.Collector.Store;

/// <summary>Browser sessions kept on the server: each a serialised sign-in under the <see cref="TokenHash"/> of the
/// random key its cookie carries, so a copy of the store does not hand out cookies. A user's sessions also end when
/// <see cref="IUserStore"/> changes their password or disables them.</summary>
internal interface ISessionStore
{
    /// <summary>The ticket kept under <paramref name="keyHash"/>, or null when there is none or it has expired by
    /// <paramref name="now"/>.</summary>
    Task<byte[]?> FindAsync(string keyHash, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Keeps the session, replacing what its key held (the address stays when the new one is null), and
    /// removes every session expired by <paramref name="now"/>: one unit of work.</summary>
    Task SaveAsync(StoredSession session, DateTimeOffset now);

    /// <summary>Removes the session under <paramref name="keyHash"/>, if any.</summary>
    Task RemoveAsync(string keyHash);
}

/// <summary>A session to keep: <see cref="Ticket"/> is the serialised sign-in of <see cref="UserId"/>, valid until
/// <see cref="Expires"/>; <see cref="Address"/> is where it came from, when known.</summary>
internal sealed record StoredSession(string KeyHash, long UserId, ReadOnlyMemory<byte> Ticket, DateTimeOffset Expires, string? Address);
