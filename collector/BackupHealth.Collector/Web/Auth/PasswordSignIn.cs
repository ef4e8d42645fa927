using BackupHealth.Collector.Limits;

namespace BackupHealth.Collector.Web.Auth;

/// <summary>One sign-in with a name and password from a source address, in the order that keeps it cheap to refuse:
/// the lock-out of that name at that address first (no hash while locked), then a password-hashing slot
/// (<see cref="PasswordHashSlots"/>: none free and the queue full means no hash at all), then the hash itself, then
/// the outcome counted against that pair only.</summary>
internal sealed class PasswordSignIn(UserAccounts users, SignInLockouts lockouts, PasswordHashSlots slots)
{
    public async Task<SignInResult> SignInAsync(string username, string password, string address, CancellationToken cancellationToken)
    {
        using var attempt = lockouts.TryBegin(username, address, out var lockedUntil);
        if (attempt is null)
        {
            return lockedUntil is { } until ? SignInResult.Locked(until) : SignInResult.Failed(SignInResult.LockedOut);
        }

        // The user is looked up on the slot too: a sign-in answered 503 costs no database read either.
        var (ran, found) = await slots.RunAsync(async () =>
        {
            var user = await users.FindAsync(username, cancellationToken);
            return (User: user, Check: UserAccounts.Verify(user, password));
        }, cancellationToken);
        if (!ran)
        {
            return SignInResult.Busy;
        }

        var (user, check) = found;
        if (!check.Right)
        {
            var locked = attempt.Failed();
            var reason = user is null ? SignInResult.UnknownUser : user.Disabled ? SignInResult.Disabled : SignInResult.WrongPassword;
            return locked is { } until ? SignInResult.Locked(until) with { Reason = reason + "; now locked out" } : SignInResult.Failed(reason);
        }

        await users.RecordSignInAsync(user!.Id, check.Rehash);
        attempt.Succeeded();
        return SignInResult.Succeeded(user);
    }
}
