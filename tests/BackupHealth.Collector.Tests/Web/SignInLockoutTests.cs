using System.Net;
using BackupHealth.Collector.Tests.Support;
using BackupHealth.Collector.Web.Auth;
using BackupHealth.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace BackupHealth.Collector.Tests.Web;

/// <summary>The lock-out is per (user, source address) with backoff (<c>Collector:Auth:LockoutThreshold</c>,
/// <c>LockoutDuration</c>, <c>LockoutMaxDuration</c>): a stranger guessing locks only themselves out.</summary>
public sealed class SignInLockoutTests
{
    private readonly FakeTimeProvider _time = new(TestCollector.StartTime);

    private SignInLockouts Lockouts(int threshold = 5) => new(Options.Create(new AuthOptions { LockoutThreshold = threshold }), _time,
        NullLogger<SignInLockouts>.Instance);

    [LinuxFact]
    public async Task A_stranger_guessing_from_another_address_does_not_lock_the_user_out_at_theirs()
    {
        // The limit per address is raised out of the way: this is about the lock-out of one name.
        await using var collector = await TestCollector.StartAsync(s => s["Collector:Limits:SignInFailuresPerAddress"] = "100");
        await WebUsers.EnsureAsync(collector.App.Services, "ann", Roles.Viewer);
        using var stranger = new FormSession(collector.Endpoints.Web, LoopbackSource.Other);
        for (var i = 0; i < 20; i++)
        {
            using var guess = await stranger.SignInAsync("ann", $"guess number {i} at it");
            Assert.Equal(HttpStatusCode.OK, guess.StatusCode);
        }

        using var owner = new FormSession(collector.Endpoints.Web);
        using (var signedIn = await owner.SignInAsync("ann", WebUsers.Password))
        {
            Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        }

        // The stranger is locked at their address: even the right password is refused there, with the usual answer.
        using var locked = await stranger.SignInAsync("ann", WebUsers.Password);
        Assert.Contains("Wrong user name or password.", await locked.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain(stranger.Cookies.GetAllCookies(), c => c.Name == AuthServiceCollectionExtensions.CookieName);
        var locks = collector.App.Services.GetRequiredService<SignInLockouts>().LocksOf("ANN");
        Assert.Equal("127.0.0.2", Assert.Single(locks).Address);
    }

    [Fact]
    public void Each_wrong_password_after_a_lock_doubles_the_next_lock_up_to_the_maximum()
    {
        var lockouts = Lockouts();
        var locks = new List<TimeSpan?>();
        for (var i = 0; i < 10; i++)
        {
            using var attempt = lockouts.TryBegin("ann", "192.0.2.7", out _)!;
            locks.Add(attempt.Failed() - _time.GetUtcNow());
            _time.Advance(locks[^1] ?? TimeSpan.Zero);
        }

        Assert.Equal(
            [null, null, null, null, TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(20), TimeSpan.FromMinutes(40),
                TimeSpan.FromHours(1), TimeSpan.FromHours(1)],
            locks);
    }

    [Fact]
    public void While_locked_no_attempt_starts_and_a_right_password_afterwards_starts_afresh()
    {
        var lockouts = Lockouts(threshold: 2);
        Fail(lockouts, "ann", "192.0.2.7", 2);

        Assert.Null(lockouts.TryBegin("ann", "192.0.2.7", out var until));
        Assert.Equal(_time.GetUtcNow() + TimeSpan.FromMinutes(5), until);
        Assert.NotNull(lockouts.TryBegin("ann", "192.0.2.8", out _));

        _time.Advance(TimeSpan.FromMinutes(5));
        using (var right = lockouts.TryBegin("ann", "192.0.2.7", out _)!)
        {
            right.Succeeded();
        }

        Fail(lockouts, "ann", "192.0.2.7", 1);
        Assert.NotNull(lockouts.TryBegin("ann", "192.0.2.7", out _));
    }

    [Fact]
    public void Parallel_attempts_cannot_start_more_than_the_failures_left_before_a_lock()
    {
        var lockouts = Lockouts();
        Fail(lockouts, "ann", "192.0.2.7", 2);

        var running = Enumerable.Range(0, 10).Select(i => lockouts.TryBegin("Ann ", "192.0.2.7", out _)).ToList();

        Assert.Equal(3, running.Count(a => a is not null));
        running.ForEach(a => a?.Dispose());
        // Attempts that ended without an outcome (no hashing slot) count for nothing.
        Assert.NotNull(lockouts.TryBegin("ann", "192.0.2.7", out _));
    }

    [Fact]
    public void A_pair_is_forgotten_after_the_maximum_lock_without_failures()
    {
        var lockouts = Lockouts();
        Fail(lockouts, "ann", "192.0.2.7", 5);
        _time.Advance(TimeSpan.FromHours(1) + TimeSpan.FromMinutes(5));

        // After a lock and an hour of quiet the count starts again: four more failures lock nothing.
        var locks = Enumerable.Range(0, 4).Select(_ => Fail(lockouts, "ann", "192.0.2.7", 1)).ToList();

        Assert.All(locks, until => Assert.Null(until));
    }

    private static DateTimeOffset? Fail(SignInLockouts lockouts, string user, string address, int times)
    {
        DateTimeOffset? until = null;
        for (var i = 0; i < times; i++)
        {
            using var attempt = lockouts.TryBegin(user, address, out _) ?? throw new InvalidOperationException("locked");
            until = attempt.Failed();
        }

        return until;
    }
}
