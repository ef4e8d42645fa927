using System.Net;
using BackupHealth.Collector.Limits;
using BackupHealth.Collector.Tests.Support;
using BackupHealth.Collector.Tests.Web;
using BackupHealth.Collector.Web.Auth;
using BackupHealth.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace BackupHealth.Collector.Tests.Limits;

/// <summary>Failed sign-ins per source address (<c>Collector:Limits:SignInFailuresPerAddress</c>) and all sign-in
/// attempts per source address (<c>SignInAttemptsPerAddress</c>), both counted before the password is hashed: the
/// collector listens on 127.0.0.1 and the attacker connects from 127.0.0.2.</summary>
public sealed class SignInLimitTests : IAsyncLifetime
{
    private TestCollector _collector = null!;

    public async Task InitializeAsync()
    {
        _collector = await TestCollector.StartAsync();
        await WebUsers.EnsureAsync(_collector.App.Services, "ann", Roles.Viewer);
        await WebUsers.EnsureAsync(_collector.App.Services, "bob", Roles.Viewer);
    }

    public async Task DisposeAsync() => await _collector.DisposeAsync();

    [LinuxFact]
    public async Task Fifty_wrong_sign_ins_from_one_address_are_refused_while_another_address_signs_in()
    {
        using var attacker = new FormSession(_collector.Endpoints.Web, LoopbackSource.Other);
        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? last = null;
        for (var i = 0; i < 50; i++)
        {
            last?.Dispose();
            last = await attacker.SignInAsync("ann", $"wrong password number {i}");
            statuses.Add(last.StatusCode);
        }

        using (last)
        {
            Assert.Equal(Enumerable.Repeat(HttpStatusCode.OK, LimitsOptions.DefaultSignInFailuresPerAddress), statuses.Take(LimitsOptions.DefaultSignInFailuresPerAddress));
            Assert.All(statuses.Skip(LimitsOptions.DefaultSignInFailuresPerAddress), status => Assert.Equal(HttpStatusCode.TooManyRequests, status));
            Assert.Equal(TimeSpan.FromMinutes(5), last!.Headers.RetryAfter?.Delta);
            Assert.Contains("Too many failed sign-ins from your address", await last.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using var other = new FormSession(_collector.Endpoints.Web);
        using var signedIn = await other.SignInAsync("bob", WebUsers.Password);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
    }

    [LinuxFact]
    public async Task A_refused_address_may_sign_in_again_once_its_failures_leave_the_window()
    {
        using var session = new FormSession(_collector.Endpoints.Web, LoopbackSource.Other);
        for (var i = 0; i < LimitsOptions.DefaultSignInFailuresPerAddress; i++)
        {
            using var _ = await session.SignInAsync("nobody", "not the password at all");
        }

        using (var refused = await session.SignInAsync("bob", WebUsers.Password))
        {
            // Refused before the password is looked at, right or not.
            Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        }

        _collector.Time.Advance(TimeSpan.FromMinutes(5));

        using var signedIn = await session.SignInAsync("bob", WebUsers.Password);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
    }

    [Fact]
    public async Task Right_passwords_do_not_count_towards_the_failure_limit()
    {
        using var session = new FormSession(_collector.Endpoints.Web);
        for (var i = 0; i < LimitsOptions.DefaultSignInFailuresPerAddress * 2; i++)
        {
            using var response = await session.SignInAsync("bob", WebUsers.Password);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        }
    }

    private PasswordHashSlots Slots => _collector.App.Services.GetRequiredService<PasswordHashSlots>();

    [LinuxFact]
    public async Task A_parallel_burst_from_one_address_is_hashed_at_most_its_allowance_while_another_address_signs_in()
    {
        // 100 sign-ins, 20 at a time, each on its own connection: before, every one that passed the failure gate before
        // the first failures were counted was hashed.
        var sessions = Enumerable.Range(0, 20).Select(_ => new FormSession(_collector.Endpoints.Web, LoopbackSource.Other)).ToList();
        var tokens = await Task.WhenAll(sessions.Select(s => s.TokenAsync("/signin")));
        var hashedBefore = Slots.Hashed;

        var statuses = await Task.WhenAll(sessions.Select(async (session, i) =>
        {
            var seen = new List<HttpStatusCode>();
            for (var n = 0; n < 5; n++)
            {
                // A name of its own each time, so no lock-out of a name refuses it before the hash.
                using var response = await session.PostFormAsync("/signin", tokens[i], ("Username", $"guess-{i}-{n}"), ("Password", "a guess at a password"));
                seen.Add(response.StatusCode);
            }

            return seen;
        }));

        var all = statuses.SelectMany(s => s).ToList();
        var hashed = Slots.Hashed - hashedBefore;
        Assert.InRange(hashed, 1, LimitsOptions.DefaultSignInAttemptsPerAddress);
        Assert.Equal(hashed, all.Count(s => s == HttpStatusCode.OK));
        // The rest never reached a hash: refused by the limits of the address (429), or finding every hashing slot busy (503).
        Assert.Equal(100 - hashed, all.Count(s => s is HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable));
        Assert.Contains(HttpStatusCode.TooManyRequests, all);

        using var other = new FormSession(_collector.Endpoints.Web);
        using var signedIn = await other.SignInAsync("bob", WebUsers.Password);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        sessions.ForEach(s => s.Dispose());
    }

    [LinuxFact]
    public async Task Right_passwords_use_up_the_allowance_too_and_it_refills_evenly()
    {
        using var session = new FormSession(_collector.Endpoints.Web, LoopbackSource.Other);
        for (var i = 0; i < LimitsOptions.DefaultSignInAttemptsPerAddress; i++)
        {
            using var response = await session.SignInAsync("bob", WebUsers.Password);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        }

        using (var refused = await session.SignInAsync("bob", WebUsers.Password))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
            // One attempt comes back every window / allowance: 60 s / 30.
            Assert.Equal(TimeSpan.FromSeconds(2), refused.Headers.RetryAfter?.Delta);
            Assert.Contains("Too many sign-in attempts from your address (more than 30 within 1 min). Try again in 2 s.",
                await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        _collector.Time.Advance(TimeSpan.FromSeconds(2));
        using (var again = await session.SignInAsync("bob", WebUsers.Password))
        {
            Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        }

        using var next = await session.SignInAsync("bob", WebUsers.Password);
        Assert.Equal(HttpStatusCode.TooManyRequests, next.StatusCode);
    }
}
