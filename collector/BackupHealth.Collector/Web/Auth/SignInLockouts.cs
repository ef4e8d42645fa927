using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BackupHealth.Collector.Web.Auth;

/// <summary>Wrong passwords in a row per (user name, source address): after <c>Collector:Auth:LockoutThreshold</c> of
/// them that user is locked at that address for <c>LockoutDuration</c>, and each further wrong password after a lock
/// doubles the next one, up to <c>LockoutMaxDuration</c>; after that long again without a failure the count starts anew. A stranger guessing from their own address therefore locks
/// only themselves out; the real user at theirs signs in as ever. A right password clears the pair.
/// <para>Kept in memory: a restart forgets every lock. Names are counted whether they exist or not, so a lock tells
/// nothing about which names exist. An attempt reserves its place before the password is hashed, so parallel guesses
/// cannot slip past the threshold.</para></summary>
internal sealed class SignInLockouts(IOptions<AuthOptions> options, TimeProvider time, ILogger<SignInLockouts> logger)
{
    /// <summary>At most this many pairs are watched; past it, new pairs go unwatched until old ones expire (the limits
    /// per address still hold them back).</summary>
    internal const int MaxPairs = 100_000;

    private const int SweepEvery = 256;

    private readonly Dictionary<(string User, string Address), Pair> _pairs = [];
    private readonly Lock _gate = new();
    private int _sinceSweep;
    private bool _saidFull;

    /// <summary>Starts an attempt of <paramref name="username"/> from <paramref name="address"/>; null when the pair is
    /// locked now, or when the attempts already under way could lock it (<paramref name="lockedUntil"/>: when the lock
    /// ends, if one is set). Dispose the attempt after marking it failed or succeeded.</summary>
    public Attempt? TryBegin(string username, string address, out DateTimeOffset? lockedUntil)
    {
        var key = (Normalise(username), address);
        var now = time.GetUtcNow();
        lock (_gate)
        {
            if (++_sinceSweep >= SweepEvery || _pairs.Count >= MaxPairs)
            {
                Sweep(now);
            }

            if (!_pairs.TryGetValue(key, out var pair))
            {
                if (_pairs.Count >= MaxPairs)
                {
                    if (!_saidFull)
                    {
                        _saidFull = true;
                        Log.SignInLockoutsFull(logger, MaxPairs);
                    }

                    lockedUntil = null;
                    return new Attempt(this, key, watched: false);
                }

                _pairs[key] = pair = new Pair();
            }
            else if (IsForgotten(pair, now))
            {
                _pairs[key] = pair = new Pair();
            }

            lockedUntil = pair.LockedUntil > now ? pair.LockedUntil : null;
            // Before a lock, as many attempts may run as failures are left; after one, one at a time (each failure locks).
            var open = Math.Max(1, options.Value.LockoutThreshold - pair.Failures);
            if (lockedUntil is not null || pair.Running >= open)
            {
                return null;
            }

            pair.Running++;
            return new Attempt(this, key, watched: true);
        }
    }

    /// <summary>The addresses <paramref name="username"/> is locked at now, and until when: for the users page.</summary>
    public IReadOnlyList<(string Address, DateTimeOffset Until)> LocksOf(string username)
    {
        var user = Normalise(username);
        var now = time.GetUtcNow();
        lock (_gate)
        {
            return _pairs.Where(p => p.Key.User == user && p.Value.LockedUntil > now)
                .Select(p => (p.Key.Address, p.Value.LockedUntil!.Value))
                .OrderBy(p => p.Address, StringComparer.Ordinal)
                .ToList();
        }
    }

    private static string Normalise(string username) => username.Trim().ToLowerInvariant();

    private DateTimeOffset? Fail((string User, string Address) key)
    {
        var auth = options.Value;
        var now = time.GetUtcNow();
        lock (_gate)
        {
            if (!_pairs.TryGetValue(key, out var pair))
            {
                _pairs[key] = pair = new Pair { Running = 1 };
            }

            pair.Running--;
            pair.Failures++;
            pair.LastFailure = now;
            if (pair.Failures < auth.LockoutThreshold)
            {
                return null;
            }

            var doublings = Math.Min(pair.Failures - auth.LockoutThreshold, 30);
            var ticks = Math.Min(auth.LockoutDuration.Ticks * (1L << doublings), auth.LockoutMaxDuration.Ticks);
            pair.LockedUntil = now + TimeSpan.FromTicks(Math.Max(ticks, auth.LockoutDuration.Ticks));
            Log.SignInLockedOut(logger, key.User, key.Address, pair.LockedUntil.Value.UtcDateTime, pair.Failures);
            return pair.LockedUntil;
        }
    }

    private void End((string User, string Address) key, bool succeeded)
    {
        lock (_gate)
        {
            if (_pairs.TryGetValue(key, out var pair))
            {
                pair.Running = Math.Max(0, pair.Running - 1);
                if (succeeded)
                {
                    _pairs.Remove(key);
                }
            }
        }
    }

    private void Sweep(DateTimeOffset now)
    {
        _sinceSweep = 0;
        foreach (var (key, pair) in _pairs)
        {
            if (IsForgotten(pair, now))
            {
                _pairs.Remove(key);
            }
        }

        _saidFull &= _pairs.Count >= MaxPairs;
    }

    /// <summary>Nothing under way and no failure for <c>LockoutMaxDuration</c> after the last one (or after its lock
    /// ended): the count starts again.</summary>
    private bool IsForgotten(Pair pair, DateTimeOffset now) =>
        pair.Running == 0 && (pair.LockedUntil ?? pair.LastFailure) + options.Value.LockoutMaxDuration <= now;

    private sealed class Pair
    {
        public int Failures { get; set; }

        public int Running { get; set; }

        public DateTimeOffset LastFailure { get; set; }

        public DateTimeOffset? LockedUntil { get; set; }
    }

    /// <summary>One sign-in attempt under way. <see cref="Failed"/> counts it; <see cref="Succeeded"/> clears the pair;
    /// disposed without either (no hashing slot, cancelled) it counts for nothing.</summary>
    internal sealed class Attempt : IDisposable
    {
        private readonly SignInLockouts _owner;
        private readonly (string User, string Address) _key;
        private bool _watched;

        internal Attempt(SignInLockouts owner, (string User, string Address) key, bool watched)
        {
            _owner = owner;
            _key = key;
            _watched = watched;
        }

        /// <summary>Counts a wrong password; returns when the lock it set ends, or null when it set none.</summary>
        public DateTimeOffset? Failed()
        {
            if (!_watched)
            {
                return null;
            }

            _watched = false;
            return _owner.Fail(_key);
        }

        public void Succeeded()
        {
            if (_watched)
            {
                _watched = false;
                _owner.End(_key, succeeded: true);
            }
        }

        public void Dispose()
        {
            if (_watched)
            {
                _watched = false;
                _owner.End(_key, succeeded: false);
            }
        }
    }
}
