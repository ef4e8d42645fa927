using System.Net;
using BackupHealth.Collector.Tests.Support;
using BackupHealth.Collector.Web.Auth;
using Microsoft.Extensions.DependencyInjection;

namespace BackupHealth.Collector.Tests.Web;

public sealed class SignInTests : IAsyncLifetime
{
    private TestCollector _collector = null!;

    // These tests are about one user's answers and lock-out, all from 127.0.0.1: the limit per address
    // (Limits/SignInLimitTests) is raised out of their way.
    public async Task InitializeAsync() =>
        _collector = await TestCollector.StartAsync(s => s["Collector:Limits:SignInFailuresPerAddress"] = "100");

    public async Task DisposeAsync() => await _collector.DisposeAsync();

    private UserAccounts Users => _collector.App.Services.GetRequiredService<UserAccounts>();

    [Fact]
    public async Task The_right_password_signs_in_and_the_session_opens_pages_and_the_api()
    {
        await WebUsers.EnsureAsync(_collector.App.Services, "tina", Roles.Technician);
        using var session = new FormSession(_collector.Endpoints.Web);

        using var response = await session.SignInAsync("TINA", WebUsers.Password, "/signin?returnUrl=%2Falerts");

        Assert.Equal((HttpStatusCode.Redirect, "/alerts"), (response.StatusCode, response.Headers.Location?.OriginalString));
        var cookie = Assert.Single(session.Cookies.GetAllCookies(), c => c.Name == AuthServiceCollectionExtensions.CookieName);
        Assert.True(cookie.HttpOnly);
        using var page = await session.Client.GetAsync(new Uri("/", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains(">tina</a>", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var api = await session.Client.GetAsync(new Uri("/api/v1/jobs", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, api.StatusCode);
    }

    [Theory]
    [InlineData("tina", "wrong password here")]
    [InlineData("nobody", WebUsers.Password)]
    public async Task A_wrong_name_or_password_gets_the_same_answer_and_no_session(string username, string password)
    {
        await WebUsers.EnsureAsync(_collector.App.Services, "tina", Roles.Technician);
        using var session = new FormSession(_collector.Endpoints.Web);

        using var response = await session.SignInAsync(username, password);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Wrong user name or password.", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain(session.Cookies.GetAllCookies(), c => c.Name == AuthServiceCollectionExtensions.CookieName);
    }

    [Fact]
    public async Task A_return_url_off_the_site_is_not_followed()
    {
        await WebUsers.EnsureAsync(_collector.App.Services, "tina", Roles.Technician);
        using var session = new FormSession(_collector.Endpoints.Web);

        using var response = await session.SignInAsync("tina", WebUsers.Password, "/signin?returnUrl=https%3A%2F%2Fevil.example%2F");

        Assert.Equal("/", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task A_sign_in_without_the_anti_forgery_token_is_refused()
    {
        await WebUsers.EnsureAsync(_collector.App.Services, "tina", Roles.Technician);
        using var session = new FormSession(_collector.Endpoints.Web);

        using var response = await session.PostFormAsync("/signin", null, ("Username", "tina"), ("Password", WebUsers.Password));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.DoesNotContain(session.Cookies.GetAllCookies(), c => c.Name == AuthServiceCollectionExtensions.CookieName);
    }

    [Fact]
    public async Task Five_wrong_passwords_lock_the_user_out_for_five_minutes()
    {
        await WebUsers.EnsureAsync(_collector.App.Services, "tina", Roles.Technician);
        using var session = new FormSession(_collector.Endpoints.Web);
        for (var i = 0; i < AuthOptions.DefaultLockoutThreshold; i++)
        {
            (await session.SignInAsync("tina", "not the password " + i)).Dispose();
        }

        // Locked: even the right password is refused, with the same answer as a wrong one (no hint that the name exists).
        using var locked = await session.SignInAsync("tina", WebUsers.Password);
        Assert.Equal(HttpStatusCode.OK, locked.StatusCode);
        Assert.Contains("Wrong user name or password.", await locked.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain(session.Cookies.GetAllCookies(), c => c.Name == AuthServiceCollectionExtensions.CookieName);

        _collector.Time.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1));
        using var later = await session.SignInAsync("tina", WebUsers.Password);
        Assert.Equal(HttpStatusCode.Redirect, later.StatusCode);
    }

    [Fact]
    public async Task Changing_the_password_or_disabling_the_user_ends_open_sessions()
    {
        var id = await WebUsers.EnsureAsync(_collector.App.Services, "tina", Roles.Technician);
        using var first = new FormSession(_collector.Endpoints.Web);
        using var second = new FormSession(_collector.Endpoints.Web);
        (await first.SignInAsync("tina", WebUsers.Password)).Dispose();
        (await second.SignInAsync("tina", WebUsers.Password)).Dispose();

        Assert.Equal(ChangeStatus.Done, (await Users.SetPasswordAsync(id, "another long password")).Status);
        using (var page = await first.Client.GetAsync(new Uri("/", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        }

        (await second.SignInAsync("tina", "another long password")).Dispose();
        Assert.Equal(ChangeStatus.Done, (await Users.UpdateAsync(id, Roles.Technician, disabled: true, [])).Status);
        using (var api = await second.Client.GetAsync(new Uri("/api/v1/jobs", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
        }

        using var again = await second.SignInAsync("tina", "another long password");
        Assert.Contains("Wrong user name or password.", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_name_gets_the_same_answer_as_a_locked_user_even_after_many_tries()
    {
        await WebUsers.EnsureAsync(_collector.App.Services, "tina", Roles.Technician);
        using var session = new FormSession(_collector.Endpoints.Web);
        var answers = new List<string>();
        foreach (var name in new[] { "tina", "nobody" })
        {
            for (var i = 0; i <= AuthOptions.DefaultLockoutThreshold; i++)
            {
                using var response = await session.SignInAsync(name, "not the password " + i);
                answers.Add(System.Text.RegularExpressions.Regex.Match(await response.Content.ReadAsStringAsync(), "<p class=\"problem\"[^>]*>([^<]*)</p>").Groups[1].Value);
            }
        }

        Assert.Single(answers.Distinct());
        Assert.StartsWith("Wrong user name or password.", answers[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_api_token_does_not_open_pages()
    {
        using var handler = BackupHealth.Testing.TestTls.Trust(new SocketsHttpHandler { AllowAutoRedirect = false });
        using var noRedirect = new HttpClient(handler) { BaseAddress = _collector.Endpoints.Web };
        noRedirect.DefaultRequestHeaders.Authorization = _collector.Http.DefaultRequestHeaders.Authorization;

        using var api = await noRedirect.GetAsync(new Uri("/api/v1/jobs", UriKind.Relative));
        using var account = await noRedirect.GetAsync(new Uri("/account", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, api.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, account.StatusCode);
        Assert.StartsWith("/signin", account.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Signing_out_ends_the_session()
    {
        await WebUsers.EnsureAsync(_collector.App.Services, "tina", Roles.Technician);
        using var session = new FormSession(_collector.Endpoints.Web);
        (await session.SignInAsync("tina", WebUsers.Password)).Dispose();
        var token = await session.TokenAsync("/");

        using var signedOut = await session.PostFormAsync("/signout", token);

        Assert.Equal("/signin", signedOut.Headers.Location?.OriginalString);
        using var page = await session.Client.GetAsync(new Uri("/", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
    }
}
