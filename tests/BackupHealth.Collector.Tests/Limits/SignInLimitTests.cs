using System.Net;
using BackupHealth.Collector.Limits;
using BackupHealth.Collector.Tests.Support;
using BackupHealth.Collector.Tests.Web;
using BackupHealth.Collector.Web.Auth;
using BackupHealth.Testing;

namespace BackupHealth.Collector.Tests.Limits;

/// <summary>Failed sign-ins per source address (<c>Collector:Limits:SignInFailuresPerAddress</c>): the collector
/// listens on 127.0.0.1 and the attacker connects from 127.0.0.2.</summary>
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
    public async Task Right_passwords_do_not_count_towards_the_limit()
    {
        using var session = new FormSession(_collector.Endpoints.Web);
        for (var i = 0; i < LimitsOptions.DefaultSignInFailuresPerAddress * 2; i++)
        {
            using var response = await session.SignInAsync("bob", WebUsers.Password);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        }
    }
}
