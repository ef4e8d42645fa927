using System.Text.Json;
using BackupHealth.Collector.Web.Auth;
using Microsoft.Data.Sqlite;

namespace BackupHealth.Collector.Store.Sqlite.Auth;

/// <summary>Tables <c>users</c>, <c>user_customers</c> and <c>api_tokens</c>, and the user's rows of <c>sessions</c>
/// when their access ends. Reads use pooled read-only connections; each change is one command through the store's
/// writer, rolled back to its savepoint when it is refused after it was tried (the last admin).</summary>
internal sealed class SqliteUserStore(SqliteConnectionFactory connections, StoreWriter writer) : IUserStore
{
    public async Task<long> CountAsync(CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenReaderAsync(cancellationToken);
        using var command = SqlCommands.Command(connection, null, "SELECT count(*) FROM users");
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public async Task<UserRecord?> FindAsync(long id, CancellationToken cancellationToken) =>
        (await ReadAsync("u.id = $key", id, cancellationToken)).FirstOrDefault();

    public async Task<UserRecord?> FindAsync(string username, CancellationToken cancellationToken) =>
        (await ReadAsync("u.username = $key", username, cancellationToken)).FirstOrDefault();

    public async Task<IReadOnlyList<UserRecord>> ListAsync(CancellationToken cancellationToken) =>
        await ReadAsync("1 = 1", 0, cancellationToken);

    public async Task<IReadOnlyList<CustomerRef>> ListCustomersAsync(CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenReaderAsync(cancellationToken);
        using var command = SqlCommands.Command(connection, null, "SELECT id, name FROM customers");
        using var r = await command.ExecuteReaderAsync(cancellationToken);
        var customers = new List<CustomerRef>();
        while (await r.ReadAsync(cancellationToken))
        {
            customers.Add(new CustomerRef(r.GetInt64(0), r.GetString(1)));
        }

        return customers.OrderBy(c => c.Name, StringComparer.OrdinalIgnoreCase).ToList();
    }

    public async Task<ApiTokenUse?> FindApiTokenAsync(string hash, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenReaderAsync(cancellationToken);
        using var command = SqlCommands.Command(connection, null, """
            SELECT user_id, last_used, scope FROM api_tokens
            WHERE token_hash = $hash AND revoked IS NULL AND (expires IS NULL OR expires > $now)
            """, ("$hash", hash), ("$now", UnixMs.From(now)));
        using var r = await command.ExecuteReaderAsync(cancellationToken);
        return await r.ReadAsync(cancellationToken) ? new ApiTokenUse(r.GetInt64(0), Time(r, 1), r.GetString(2)) : null;
    }

    public Task MarkApiTokenUsedAsync(string hash, DateTimeOffset at) => writer.WriteAsync((c, t) =>
        SqlCommands.Execute(c, t, "UPDATE api_tokens SET last_used = $now WHERE token_hash = $hash", ("$now", UnixMs.From(at)), ("$hash", hash)));

    public Task RecordSignInAsync(long id, string? rehash, DateTimeOffset at) => writer.WriteAsync((c, t) => SqlCommands.Execute(c, t,
        "UPDATE users SET last_signin = $now, password_hash = coalesce($rehash, password_hash) WHERE id = $id",
        ("$now", UnixMs.From(at)), ("$rehash", rehash), ("$id", id)));

    public Task<UserWrite> CreateAsync(NewUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return WriteAsync((c, t) =>
        {
            using (var exists = SqlCommands.Command(c, t, "SELECT 1 FROM users WHERE username = $name", ("$name", user.Name)))
            {
                if (exists.ExecuteScalar() is not null)
                {
                    return UserWrite.NameTaken;
                }
            }

            if (FindCustomers(c, t, user.Customers, out var ids) is { } unknown)
            {
                return unknown;
            }

            using var insert = SqlCommands.Command(c, t, """
                INSERT INTO users (username, password_hash, role, stamp, created_at, created_by)
                VALUES ($name, $hash, $role, $stamp, $now, $by) RETURNING id
                """, ("$name", user.Name), ("$hash", user.PasswordHash), ("$role", user.Role), ("$stamp", user.Stamp),
                ("$now", UnixMs.From(user.At)), ("$by", user.By));
            var id = (long)insert.ExecuteScalar()!;
            SetCustomers(c, t, id, ids);
            return UserWrite.Done(id);
        });
    }

    public Task<UserWrite> UpdateAsync(long id, UserUpdate update)
    {
        ArgumentNullException.ThrowIfNull(update);
        return WriteAsync((c, t) =>
        {
            if (FindCustomers(c, t, update.Customers, out var ids) is { } unknown)
            {
                return unknown;
            }

            if (SqlCommands.Execute(c, t, "UPDATE users SET role = $role, disabled = $disabled, stamp = $stamp WHERE id = $id",
                    ("$role", update.Role), ("$disabled", update.Disabled ? 1 : 0), ("$stamp", update.Stamp), ("$id", id)) == 0)
            {
                return UserWrite.NotFound;
            }

            SetCustomers(c, t, id, ids);
            if (!HasActiveAdmin(c, t))
            {
                return UserWrite.LastAdmin;
            }

            EndAccess(c, t, id, apiTokensAt: update.Disabled ? update.At : null);
            return UserWrite.Done(id);
        });
    }

    public Task<UserWrite> SetPasswordAsync(long id, PasswordUpdate update)
    {
        ArgumentNullException.ThrowIfNull(update);
        return WriteAsync((c, t) =>
        {
            if (SqlCommands.Execute(c, t, "UPDATE users SET password_hash = $hash, stamp = $stamp WHERE id = $id",
                    ("$hash", update.Hash), ("$stamp", update.Stamp), ("$id", id)) == 0)
            {
                return UserWrite.NotFound;
            }

            EndAccess(c, t, id, apiTokensAt: update.At);
            return UserWrite.Done(id);
        });
    }

    public Task<UserWrite> ReplacePasswordAsync(long id, string oldHash, PasswordUpdate update)
    {
        ArgumentNullException.ThrowIfNull(update);
        return WriteAsync((c, t) =>
        {
            if (SqlCommands.Execute(c, t, "UPDATE users SET password_hash = $hash, stamp = $stamp WHERE id = $id AND password_hash = $old",
                    ("$hash", update.Hash), ("$stamp", update.Stamp), ("$id", id), ("$old", oldHash)) == 0)
            {
                return UserWrite.ChangedMeanwhile;
            }

            EndAccess(c, t, id, apiTokensAt: update.At);
            return UserWrite.Done(id);
        });
    }

    public Task<UserWrite> AddApiTokenAsync(long userId, NewApiToken token)
    {
        ArgumentNullException.ThrowIfNull(token);
        return WriteAsync((c, t) => SqlCommands.Execute(c, t, """
            INSERT INTO api_tokens (token_hash, user_id, name, created_at, scope, expires) SELECT $hash, id, $name, $now, $scope, $expires FROM users WHERE id = $user
            """, ("$hash", token.Hash), ("$name", token.Name), ("$now", UnixMs.From(token.CreatedAt)), ("$scope", token.Scope),
            ("$expires", token.Expires is { } expires ? UnixMs.From(expires) : null), ("$user", userId)) == 1
            ? UserWrite.Done(userId) : UserWrite.NotFound);
    }

    public async Task<IReadOnlyList<ApiTokenRecord>> ListApiTokensAsync(long userId, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenReaderAsync(cancellationToken);
        using var command = SqlCommands.Command(connection, null, """
            SELECT token_hash, name, created_at, last_used, revoked, scope, expires FROM api_tokens WHERE user_id = $user ORDER BY created_at DESC, name
            """, ("$user", userId));
        using var r = await command.ExecuteReaderAsync(cancellationToken);
        var tokens = new List<ApiTokenRecord>();
        while (await r.ReadAsync(cancellationToken))
        {
            tokens.Add(new ApiTokenRecord(r.GetString(0)[..UserAccounts.ApiTokenIdLength], r.GetString(1), Time(r.GetInt64(2)), Time(r, 3), Time(r, 4),
                r.GetString(5), Time(r, 6)));
        }

        return tokens;
    }

    public Task<UserWrite> RevokeApiTokenAsync(long userId, string id, DateTimeOffset at) => WriteAsync((c, t) =>
        SqlCommands.Execute(c, t, "UPDATE api_tokens SET revoked = $now WHERE user_id = $user AND substr(token_hash, 1, $length) = $id AND revoked IS NULL",
            ("$now", UnixMs.From(at)), ("$user", userId), ("$length", UserAccounts.ApiTokenIdLength), ("$id", id)) == 1 ? UserWrite.Done(userId) : UserWrite.NotFound);

    private async Task<List<UserRecord>> ReadAsync(string where, object key, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenReaderAsync(cancellationToken);
        using var command = SqlCommands.Command(connection, null, $"""
            SELECT u.id, u.username, u.password_hash, u.role, u.disabled, u.stamp, u.created_at, u.created_by, u.last_signin,
                   (SELECT json_group_array(json_array(c.id, c.name)) FROM user_customers uc JOIN customers c ON c.id = uc.customer_id
                    WHERE uc.user_id = u.id)
            FROM users u WHERE {where} ORDER BY u.username
            """, ("$key", key));
        using var r = await command.ExecuteReaderAsync(cancellationToken);
        var users = new List<UserRecord>();
        while (await r.ReadAsync(cancellationToken))
        {
            users.Add(new UserRecord(r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetInt64(4) != 0, r.GetString(5),
                Time(r.GetInt64(6)), r.GetString(7), Time(r, 8), Customers(r.GetString(9))));
        }

        return users;
    }

    /// <summary>A user's customers from the JSON array of <c>[id, name]</c> pairs the read builds, by name ignoring case.</summary>
    private static List<CustomerRef> Customers(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.EnumerateArray()
            .Select(e => new CustomerRef(e[0].GetInt64(), e[1].GetString()!))
            .OrderBy(c => c.Name, StringComparer.OrdinalIgnoreCase)
            .ToList();
    }

    /// <summary>The ids of the named customers; the outcome for the first name without one, or null when all exist.</summary>
    private static UserWrite? FindCustomers(SqliteConnection c, SqliteTransaction t, IReadOnlyCollection<string> customers, out List<long> ids)
    {
        ids = [];
        foreach (var name in customers)
        {
            using var find = SqlCommands.Command(c, t, "SELECT id FROM customers WHERE name = $name", ("$name", name));
            if (find.ExecuteScalar() is not long id)
            {
                return UserWrite.UnknownCustomer(name);
            }

            ids.Add(id);
        }

        return null;
    }

    private static void SetCustomers(SqliteConnection c, SqliteTransaction t, long userId, List<long> customerIds)
    {
        SqlCommands.Execute(c, t, "DELETE FROM user_customers WHERE user_id = $user", ("$user", userId));
        foreach (var id in customerIds)
        {
            SqlCommands.Execute(c, t, "INSERT INTO user_customers (user_id, customer_id) VALUES ($user, $customer)", ("$user", userId), ("$customer", id));
        }
    }

    /// <summary>Ends every session of the user (a stale cookie finds no session any more) and, with
    /// <paramref name="apiTokensAt"/>, revokes every API token of theirs then.</summary>
    private static void EndAccess(SqliteConnection c, SqliteTransaction t, long userId, DateTimeOffset? apiTokensAt)
    {
        SqlCommands.Execute(c, t, "DELETE FROM sessions WHERE user_id = $user", ("$user", userId));
        if (apiTokensAt is { } at)
        {
            SqlCommands.Execute(c, t, "UPDATE api_tokens SET revoked = $now WHERE user_id = $user AND revoked IS NULL", ("$now", UnixMs.From(at)), ("$user", userId));
        }
    }

    private static bool HasActiveAdmin(SqliteConnection c, SqliteTransaction t)
    {
        // Only an admin who sees every customer can manage users (the users page refuses limited admins).
        using var command = SqlCommands.Command(c, t, """
            SELECT 1 FROM users u
            WHERE u.role = 'admin' AND u.disabled = 0 AND NOT EXISTS (SELECT 1 FROM user_customers uc WHERE uc.user_id = u.id)
            LIMIT 1
            """);
        return command.ExecuteScalar() is not null;
    }

    /// <summary>One write transaction, off the request thread; a change refused after it was tried (the last admin)
    /// is rolled back.</summary>
    private Task<UserWrite> WriteAsync(Func<SqliteConnection, SqliteTransaction, UserWrite> work) =>
        writer.WriteAsync(work, write => write.Status != UserWriteStatus.LastAdmin);

    private static DateTimeOffset Time(long unixMs) => DateTimeOffset.FromUnixTimeMilliseconds(unixMs);

    private static DateTimeOffset? Time(SqliteDataReader r, int ordinal) => r.IsDBNull(ordinal) ? null : Time(r.GetInt64(ordinal));
}
