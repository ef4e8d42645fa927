using System.Net;
using BackupHealth.Collector.Tests.Support;
using BackupHealth.Collector.Web.Auth;
using Microsoft.Extensions.DependencyInjection;

namespace BackupHealth.Collector.Tests.Web;

/// <summary>Sessions live on the server (table <c>sessions</c>): the cookie is only a key to one, so ending the
/// session on the server ends every copy of the cookie.</summary>
public sealed class SessionTests : IAsyncLifetime
{
    private TestCollector _collector = null!;

    public async Task InitializeAsync() => _collector = await TestCollector.StartAsync();

    public async Task DisposeAsync() => await _collector.DisposeAsync();

    [Fact]
    public async Task A_cookie_copied_before_sign_out_opens_nothing_after_it()
    {
        await WebUsers.EnsureAsync(_collector.App.Services, "tina", Roles.Technician);
        using var session = new FormSession(_collector.Endpoints.Web);
        (await session.SignInAsync("tina", WebUsers.Password)).Dispose();
        using var thief = new FormSession(_collector.Endpoints.Web);
        foreach (System.Net.Cookie cookie in session.Cookies.GetAllCookies())
        {
            thief.Cookies.Add(new System.Net.Cookie(cookie.Name, cookie.Value, cookie.Path, cookie.Domain));
        }

        using (var before = await thief.Client.GetAsync(new Uri("/api/v1/jobs", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        (await session.PostFormAsync("/signout", await session.TokenAsync("/"))).Dispose();

        using var page = await thief.Client.GetAsync(new Uri("/", UriKind.Relative));
        using var api = await thief.Client.GetAsync(new Uri("/api/v1/jobs", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("/signin", page.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
        Assert.Equal(0, await _collector.CountAsync("SELECT count(*) FROM sessions"));
    }

    [Fact]
    public async Task A_new_password_deletes_every_session_of_the_user_on_the_server()
    {
        var id = await WebUsers.EnsureAsync(_collector.App.Services, "tina", Roles.Technician);
        using var first = new FormSession(_collector.Endpoints.Web);
        using var second = new FormSession(_collector.Endpoints.Web);
        (await first.SignInAsync("tina", WebUsers.Password)).Dispose();
        (await second.SignInAsync("tina", WebUsers.Password)).Dispose();
        Assert.Equal(2, await _collector.CountAsync("SELECT count(*) FROM sessions WHERE user_id = $id", ("$id", id)));

        await _collector.App.Services.GetRequiredService<UserAccounts>().SetPasswordAsync(id, "another long passphrase");

        Assert.Equal(0, await _collector.CountAsync("SELECT count(*) FROM sessions WHERE user_id = $id", ("$id", id)));
        using var page = await first.Client.GetAsync(new Uri("/", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
    }

    [Fact]
    public async Task The_cookie_holds_only_a_key_and_the_session_row_no_secret()
    {
        await WebUsers.EnsureAsync(_collector.App.Services, "tina", Roles.Technician);
        using var session = new FormSession(_collector.Endpoints.Web);
        (await session.SignInAsync("tina", WebUsers.Password)).Dispose();

        var cookie = Assert.Single(session.Cookies.GetAllCookies(), c => c.Name == AuthServiceCollectionExtensions.CookieName);
        var row = (byte[])(await _collector.ScalarAsync("SELECT ticket FROM sessions"))!;
        Assert.DoesNotContain(WebUsers.Password, System.Text.Encoding.UTF8.GetString(row), StringComparison.Ordinal);
        Assert.InRange(cookie.Value.Length, 1, 1000);
        Assert.Equal("127.0.0.1", await _collector.ScalarAsync("SELECT address FROM sessions"));
    }
}
