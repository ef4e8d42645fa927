using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using BackupHealth.Collector.Store;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;

namespace BackupHealth.Collector.Web.Auth;

/// <summary>Users, their customer limits and their API tokens in the collector's database. Reads use pooled read-only
/// connections; each change is one short write transaction on a connection of its own (SQLite serialises it with
/// the ingest writer). A new password, or disabling a user, ends the user's sessions (table <c>sessions</c>) and API
/// tokens in the same transaction.</summary>
internal sealed class UserStore(SqliteConnectionFactory connections, TimeProvider time)
{
    public const int MinPasswordLength = PasswordRules.MinLength;
    public const int MaxNameLength = 100;
    public const string ApiTokenPrefix = "bhu_";

    private static readonly PasswordHasher<UserRecord> Hasher = new();

    public async Task<long> CountAsync(CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenReaderAsync(cancellationToken);
        using var command = Command(connection, null, "SELECT count(*) FROM users");
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public async Task<UserRecord?> FindAsync(long id, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenReaderAsync(cancellationToken);
        return Read(connection, null, "u.id = $key", id).FirstOrDefault();
    }

    public async Task<UserRecord?> FindAsync(string username, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenReaderAsync(cancellationToken);
        return Read(connection, null, "u.username = $key", username.Trim()).FirstOrDefault();
    }

    public async Task<IReadOnlyList<UserRecord>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenReaderAsync(cancellationToken);
        return Read(connection, null, "1 = 1", 0);
    }

    /// <summary>The user an API token belongs to and the token's scope, when the token is known, not revoked, not
    /// expired and its user not disabled. Marks the token used (at most once a minute, so reading the API does not
    /// turn into a write per request).</summary>
    public async Task<(UserRecord User, string Scope)?> FindByApiTokenAsync(string token, CancellationToken cancellationToken)
    {
        var hash = TokenHash.Of(token);
        var now = Now();
        long? userId;
        long? lastUsed;
        string scope;
        await using (var connection = await connections.OpenReaderAsync(cancellationToken))
        {
            using var command = Command(connection, null, """
                SELECT user_id, last_used, scope FROM api_tokens
                WHERE token_hash = $hash AND revoked IS NULL AND (expires IS NULL OR expires > $now)
                """, ("$hash", hash), ("$now", now));
            using var r = await command.ExecuteReaderAsync(cancellationToken);
            if (!await r.ReadAsync(cancellationToken))
            {
                return null;
            }

            userId = r.GetInt64(0);
            lastUsed = r.IsDBNull(1) ? null : r.GetInt64(1);
            scope = r.GetString(2);
        }

        if (lastUsed is null || now - lastUsed.Value > 60_000)
        {
            await WriteAsync((c, t) => Execute(c, t, "UPDATE api_tokens SET last_used = $now WHERE token_hash = $hash", ("$now", now), ("$hash", hash)));
        }

        var user = await FindAsync(userId.Value, cancellationToken);
        return user is { Disabled: false } ? (user, scope) : null;
    }

    /// <summary>Checks <paramref name="password"/> against <paramref name="user"/>'s hash: PBKDF2, tens of
    /// milliseconds of one core, so callers run it on a hashing slot. The password is hashed also when the user does
    /// not exist, so both answers take as long. Right only for an enabled user; <c>Rehash</c> is the hash to store when
    /// the stored one uses older parameters.</summary>
    public static (bool Right, string? Rehash) Verify(UserRecord? user, string password)
    {
        var verdict = Hasher.VerifyHashedPassword(user!, user?.PasswordHash ?? DummyHash.Value, password);
        var right = user is { Disabled: false } && verdict != PasswordVerificationResult.Failed;
        return (right, right && verdict == PasswordVerificationResult.SuccessRehashNeeded ? Hasher.HashPassword(user!, password) : null);
    }

    /// <summary>Notes a successful sign-in (and stores a rehashed password).</summary>
    public Task RecordSignInAsync(long id, string? rehash) => WriteAsync((c, t) => Execute(c, t,
        "UPDATE users SET last_signin = $now, password_hash = coalesce($rehash, password_hash) WHERE id = $id",
        ("$now", Now()), ("$rehash", rehash), ("$id", id)));

    public Task<UserChange> CreateAsync(string username, string password, string role, IReadOnlyCollection<string> customers, string by) =>
        WriteAsync((c, t) =>
        {
            var name = username.Trim();
            var problem = CheckName(name) ?? CheckPassword(password) ?? CheckRole(role);
            if (problem is not null)
            {
                return UserChange.Invalid(problem);
            }

            using (var exists = Command(c, t, "SELECT 1 FROM users WHERE username = $name", ("$name", name)))
            {
                if (exists.ExecuteScalar() is not null)
                {
                    return UserChange.Invalid($"a user named '{name}' already exists");
                }
            }

            if (!TryCustomerIds(c, t, customers, out var ids, out problem))
            {
                return UserChange.Invalid(problem);
            }

            var stub = new UserRecord(0, name, "", role, false, "", time.GetUtcNow(), by, null, []);
            using var insert = Command(c, t, """
                INSERT INTO users (username, password_hash, role, stamp, created_at, created_by)
                VALUES ($name, $hash, $role, $stamp, $now, $by) RETURNING id
                """, ("$name", name), ("$hash", Hasher.HashPassword(stub, password)), ("$role", role), ("$stamp", NewStamp()),
                ("$now", Now()), ("$by", by));
            var id = (long)insert.ExecuteScalar()!;
            SetCustomers(c, t, id, ids);
            return UserChange.Done(id);
        });

    /// <summary>Changes role, limits and the disabled flag; every session of the user ends (new stamp).</summary>
    public Task<UserChange> UpdateAsync(long id, string role, bool disabled, IReadOnlyCollection<string> customers) => WriteAsync((c, t) =>
    {
        if (CheckRole(role) is { } problem)
        {
            return UserChange.Invalid(problem);
        }

        if (!TryCustomerIds(c, t, customers, out var ids, out problem))
        {
            return UserChange.Invalid(problem);
        }

        if (Execute(c, t, "UPDATE users SET role = $role, disabled = $disabled, stamp = $stamp WHERE id = $id",
                ("$role", role), ("$disabled", disabled ? 1 : 0), ("$stamp", NewStamp()), ("$id", id)) == 0)
        {
            return UserChange.NotFound;
        }

        SetCustomers(c, t, id, ids);
        if (!HasActiveAdmin(c, t))
        {
            return UserChange.Rollback("the last enabled admin who sees every customer cannot be disabled, limited or given another role");
        }

        EndAccess(c, t, id, apiTokens: disabled);
        return UserChange.Done(id);
    });

    /// <summary>Sets a new password; every session and API token of the user ends.</summary>
    public Task<UserChange> SetPasswordAsync(long id, string password) => WriteAsync((c, t) =>
    {
        if (CheckPassword(password) is { } problem)
        {
            return UserChange.Invalid(problem);
        }

        var stub = new UserRecord(id, "", "", Roles.Viewer, false, "", default, "", null, []);
        if (Execute(c, t, "UPDATE users SET password_hash = $hash, stamp = $stamp WHERE id = $id",
                ("$hash", Hasher.HashPassword(stub, password)), ("$stamp", NewStamp()), ("$id", id)) == 0)
        {
            return UserChange.NotFound;
        }

        EndAccess(c, t, id, apiTokens: true);
        return UserChange.Done(id);
    });

    /// <summary>A person changing their own password: only with the current one. A wrong current password changes
    /// nothing (and is not counted towards the sign-in lock-out: the person already holds a session). Every session and
    /// API token of the user ends; the caller issues the session that made the change again.</summary>
    public async Task<UserChange> ChangePasswordAsync(long id, string currentPassword, string newPassword)
    {
        var user = await FindAsync(id, CancellationToken.None);
        if (user is null)
        {
            return UserChange.NotFound;
        }

        if (Hasher.VerifyHashedPassword(user, user.PasswordHash, currentPassword) == PasswordVerificationResult.Failed)
        {
            return UserChange.Invalid("the current password is wrong");
        }

        if (string.Equals(currentPassword, newPassword, StringComparison.Ordinal))
        {
            return UserChange.Invalid("the new password must differ from the current one");
        }

        // The hash read above must still be the stored one: a password set in between (by an admin) wins.
        return await WriteAsync((c, t) =>
        {
            if (CheckPassword(newPassword) is { } problem)
            {
                return UserChange.Invalid(problem);
            }

            if (Execute(c, t, "UPDATE users SET password_hash = $hash, stamp = $stamp WHERE id = $id AND password_hash = $old",
                    ("$hash", Hasher.HashPassword(user, newPassword)), ("$stamp", NewStamp()), ("$id", id), ("$old", user.PasswordHash)) == 0)
            {
                return UserChange.Invalid("the password was changed meanwhile; sign in again");
            }

            EndAccess(c, t, id, apiTokens: true);
            return UserChange.Done(id);
        });
    }

    /// <summary>Every customer, by name: what a user may be limited to.</summary>
    public async Task<IReadOnlyList<CustomerRef>> ListCustomersAsync(CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenReaderAsync(cancellationToken);
        using var command = Command(connection, null, "SELECT id, name FROM customers");
        using var r = await command.ExecuteReaderAsync(cancellationToken);
        var customers = new List<CustomerRef>();
        while (await r.ReadAsync(cancellationToken))
        {
            customers.Add(new CustomerRef(r.GetInt64(0), r.GetString(1)));
        }

        return customers.OrderBy(c => c.Name, StringComparer.OrdinalIgnoreCase).ToList();
    }

    /// <summary>A new API token for the user, <paramref name="scope"/> <see cref="ApiTokenScopes.Read"/> or
    /// <see cref="ApiTokenScopes.ReadWrite"/>, valid for <paramref name="validFor"/> (null: until revoked); the token is
    /// returned once and only its hash is kept.</summary>
    public async Task<(UserChange Change, string? Token)> CreateApiTokenAsync(long userId, string name, string scope = ApiTokenScopes.ReadWrite,
        TimeSpan? validFor = null)
    {
        var label = name.Trim();
        var problem = CheckName(label)?.Replace("user name", "token name", StringComparison.Ordinal) ?? ApiTokenScopes.Problem(scope)
            ?? (validFor is { } span && (span <= TimeSpan.Zero || span > ApiTokenScopes.MaxLifetime)
                ? $"a token is valid for at most {ApiTokenScopes.MaxLifetime.Days} days" : null);
        if (problem is not null)
        {
            return (UserChange.Invalid(problem), null);
        }

        var token = ApiTokenPrefix + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        var now = Now();
        long? expires = validFor is { } valid ? now + (long)valid.TotalMilliseconds : null;
        var change = await WriteAsync((c, t) => Execute(c, t, """
            INSERT INTO api_tokens (token_hash, user_id, name, created_at, scope, expires) SELECT $hash, id, $name, $now, $scope, $expires FROM users WHERE id = $user
            """, ("$hash", TokenHash.Of(token)), ("$name", label), ("$now", now), ("$scope", scope), ("$expires", expires), ("$user", userId)) == 1
            ? UserChange.Done(userId) : UserChange.NotFound);
        return (change, change.Status == ChangeStatus.Done ? token : null);
    }

    public async Task<IReadOnlyList<ApiTokenRecord>> ListApiTokensAsync(long userId, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenReaderAsync(cancellationToken);
        using var command = Command(connection, null, """
            SELECT token_hash, name, created_at, last_used, revoked, scope, expires FROM api_tokens WHERE user_id = $user ORDER BY created_at DESC, name
            """, ("$user", userId));
        using var r = await command.ExecuteReaderAsync(cancellationToken);
        var tokens = new List<ApiTokenRecord>();
        while (await r.ReadAsync(cancellationToken))
        {
            tokens.Add(new ApiTokenRecord(r.GetString(0)[..12], r.GetString(1), Time(r.GetInt64(2)), Time(r, 3), Time(r, 4), r.GetString(5), Time(r, 6)));
        }

        return tokens;
    }

    /// <summary>Revokes the user's token whose hash starts with <paramref name="id"/> (the id shown in lists).</summary>
    public Task<UserChange> RevokeApiTokenAsync(long userId, string id) => WriteAsync((c, t) =>
        id.Length == 12 && Execute(c, t, "UPDATE api_tokens SET revoked = $now WHERE user_id = $user AND substr(token_hash, 1, 12) = $id AND revoked IS NULL",
            ("$now", Now()), ("$user", userId), ("$id", id)) == 1 ? UserChange.Done(userId) : UserChange.NotFound);

    public static string? CheckName(string name) =>
        name.Length == 0 ? "a user name is required"
        : name.Length > MaxNameLength ? $"a user name has at most {MaxNameLength} characters"
        : name.Any(char.IsControl) ? "a user name cannot contain control characters"
        : null;

    public static string? CheckPassword(string? password) => PasswordRules.Problem(password);

    private static string? CheckRole(string role) =>
        Roles.IsKnown(role) ? null : $"role must be one of {string.Join(", ", Roles.All)}";

    private static List<UserRecord> Read(SqliteConnection connection, SqliteTransaction? transaction, string where, object key)
    {
        using var command = Command(connection, transaction, $"""
            SELECT u.id, u.username, u.password_hash, u.role, u.disabled, u.stamp, u.created_at, u.created_by, u.last_signin,
                   (SELECT json_group_array(json_array(c.id, c.name)) FROM user_customers uc JOIN customers c ON c.id = uc.customer_id
                    WHERE uc.user_id = u.id)
            FROM users u WHERE {where} ORDER BY u.username
            """, ("$key", key));
        using var r = command.ExecuteReader();
        var users = new List<UserRecord>();
        while (r.Read())
        {
            users.Add(new UserRecord(r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetInt64(4) != 0, r.GetString(5),
                Time(r.GetInt64(6)), r.GetString(7), Time(r, 8), Customers(r.GetString(9))));
        }

        return users;
    }

    private static List<CustomerRef> Customers(string json)
    {
        using var document = System.Text.Json.JsonDocument.Parse(json);
        return document.RootElement.EnumerateArray()
            .Select(e => new CustomerRef(e[0].GetInt64(), e[1].GetString()!))
            .OrderBy(c => c.Name, StringComparer.OrdinalIgnoreCase)
            .ToList();
    }

    private static bool TryCustomerIds(SqliteConnection c, SqliteTransaction t, IReadOnlyCollection<string> customers, out List<long> ids, out string? problem)
    {
        ids = [];
        foreach (var name in customers.Select(n => n.Trim()).Where(n => n.Length > 0).Distinct(StringComparer.Ordinal))
        {
            using var find = Command(c, t, "SELECT id FROM customers WHERE name = $name", ("$name", name));
            if (find.ExecuteScalar() is not long id)
            {
                problem = $"there is no customer '{name}'";
                return false;
            }

            ids.Add(id);
        }

        problem = null;
        return true;
    }

    private static void SetCustomers(SqliteConnection c, SqliteTransaction t, long userId, List<long> customerIds)
    {
        Execute(c, t, "DELETE FROM user_customers WHERE user_id = $user", ("$user", userId));
        foreach (var id in customerIds)
        {
            Execute(c, t, "INSERT INTO user_customers (user_id, customer_id) VALUES ($user, $customer)", ("$user", userId), ("$customer", id));
        }
    }

    /// <summary>Ends every session of the user (a stale cookie finds no session any more) and, with
    /// <paramref name="apiTokens"/>, revokes every API token of theirs.</summary>
    private void EndAccess(SqliteConnection c, SqliteTransaction t, long userId, bool apiTokens)
    {
        Execute(c, t, "DELETE FROM sessions WHERE user_id = $user", ("$user", userId));
        if (apiTokens)
        {
            Execute(c, t, "UPDATE api_tokens SET revoked = $now WHERE user_id = $user AND revoked IS NULL", ("$now", Now()), ("$user", userId));
        }
    }

    private static bool HasActiveAdmin(SqliteConnection c, SqliteTransaction t)
    {
        // Only an admin who sees every customer can manage users (the users page refuses limited admins).
        using var command = Command(c, t, """
            SELECT 1 FROM users u
            WHERE u.role = 'admin' AND u.disabled = 0 AND NOT EXISTS (SELECT 1 FROM user_customers uc WHERE uc.user_id = u.id)
            LIMIT 1
            """);
        return command.ExecuteScalar() is not null;
    }

    /// <summary>Runs off the request thread (waiting for SQLite's write lock blocks); commits unless the work asks
    /// for a rollback.</summary>
    private Task<T> WriteAsync<T>(Func<SqliteConnection, SqliteTransaction, T> work) => Task.Run(() =>
    {
        using var connection = connections.OpenWriter();
        using var transaction = connection.BeginTransaction();
        var result = work(connection, transaction);
        if (result is UserChange { Status: ChangeStatus.RolledBack })
        {
            transaction.Rollback();
        }
        else
        {
            transaction.Commit();
        }

        return result;
    });

    private long Now() => time.GetUtcNow().ToUnixTimeMilliseconds();

    private static string NewStamp() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16));

    private static DateTimeOffset Time(long unixMs) => DateTimeOffset.FromUnixTimeMilliseconds(unixMs);

    private static DateTimeOffset? Time(SqliteDataReader r, int ordinal) => r.IsDBNull(ordinal) ? null : Time(r.GetInt64(ordinal));

    private static int Execute(SqliteConnection c, SqliteTransaction t, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(c, t, sql, parameters);
        return command.ExecuteNonQuery();
    }

    private static SqliteCommand Command(SqliteConnection c, SqliteTransaction? t, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = c.CreateCommand();
        command.Transaction = t;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return command;
    }

    /// <summary>A hash to verify against when the user does not exist, so both cases take as long.</summary>
    private static readonly Lazy<string> DummyHash = new(() =>
        Hasher.HashPassword(null!, Convert.ToString(RandomNumberGenerator.GetInt32(int.MaxValue), CultureInfo.InvariantCulture)));
}
