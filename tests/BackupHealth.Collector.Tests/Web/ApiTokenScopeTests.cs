using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using BackupHealth.Collector.Tests.Support;
using BackupHealth.Collector.Web.Auth;
using Microsoft.Extensions.DependencyInjection;

namespace BackupHealth.Collector.Tests.Web;

/// <summary>API tokens have a scope (read-only tokens only read), an optional expiry, and end with a new password or
/// when their user is disabled.</summary>
public sealed class ApiTokenScopeTests : IAsyncLifetime
{
    private TestCollector _collector = null!;

    public async Task InitializeAsync() => _collector = await TestCollector.StartAsync();

    public async Task DisposeAsync() => await _collector.DisposeAsync();

    private UserAccounts Users => _collector.App.Services.GetRequiredService<UserAccounts>();

    [Fact]
    public async Task A_read_only_token_of_an_admin_reads_but_every_write_is_refused_with_403()
    {
        var id = await WebUsers.EnsureAsync(_collector.App.Services, "boss", Roles.Admin);
        using var client = await ClientAsync(id, ApiTokenScopes.Read);

        using var read = await client.GetAsync(new Uri("/api/v1/jobs", UriKind.Relative));
        using var evaluate = await client.PostAsync(new Uri("/api/v1/alerts/evaluate", UriKind.Relative), null);
        using var revoke = await client.PostAsync(new Uri("/api/v1/agents/1/revoke", UriKind.Relative), null);
        using var put = await client.PutAsync(new Uri("/api/v1/jobs/1/expectation", UriKind.Relative), JsonContent.Create(new { interval = "1.00:00:00" }));

        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal([HttpStatusCode.Forbidden, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden], [evaluate.StatusCode, revoke.StatusCode, put.StatusCode]);
        Assert.Contains("read-only", await evaluate.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var writer = await ClientAsync(id, ApiTokenScopes.ReadWrite);
        using var allowed = await writer.PostAsync(new Uri("/api/v1/alerts/evaluate", UriKind.Relative), null);
        Assert.True(allowed.IsSuccessStatusCode, $"{allowed.StatusCode}");
    }

    [Fact]
    public async Task A_token_with_an_expiry_stops_working_when_it_expires()
    {
        var id = await WebUsers.EnsureAsync(_collector.App.Services, "noc", Roles.Viewer);
        using var client = await ClientAsync(id, ApiTokenScopes.Read, TimeSpan.FromDays(1));

        using (var fresh = await client.GetAsync(new Uri("/api/v1/jobs", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
        }

        _collector.Time.Advance(TimeSpan.FromDays(1));
        using var expired = await client.GetAsync(new Uri("/api/v1/jobs", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Unauthorized, expired.StatusCode);
    }

    [Fact]
    public async Task A_new_password_or_disabling_the_user_ends_their_tokens_for_good()
    {
        var ann = await WebUsers.EnsureAsync(_collector.App.Services, "ann", Roles.Viewer);
        var bob = await WebUsers.EnsureAsync(_collector.App.Services, "bob", Roles.Viewer);
        using var annClient = await ClientAsync(ann, ApiTokenScopes.ReadWrite);
        using var bobClient = await ClientAsync(bob, ApiTokenScopes.ReadWrite);

        await Users.SetPasswordAsync(ann, "ann's brand new passphrase");
        await Users.UpdateAsync(bob, Roles.Viewer, disabled: true, []);
        await Users.UpdateAsync(bob, Roles.Viewer, disabled: false, []);

        using var annAfter = await annClient.GetAsync(new Uri("/api/v1/jobs", UriKind.Relative));
        using var bobAfter = await bobClient.GetAsync(new Uri("/api/v1/jobs", UriKind.Relative));
        Assert.Equal((HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized), (annAfter.StatusCode, bobAfter.StatusCode));
        Assert.All(await Users.ListApiTokensAsync(ann, CancellationToken.None), t => Assert.NotNull(t.Revoked));
    }

    [Theory]
    [InlineData("write", null, "scope must be read or read-write")]
    [InlineData(ApiTokenScopes.Read, 0, "a token is valid for at most 3650 days")]
    public async Task A_token_with_an_unknown_scope_or_a_lifetime_out_of_range_is_not_made(string scope, int? days, string problem)
    {
        var id = await WebUsers.EnsureAsync(_collector.App.Services, "noc", Roles.Viewer);

        var (change, token) = await Users.CreateApiTokenAsync(id, "x", scope, days is { } d ? TimeSpan.FromDays(d) : null);

        Assert.Equal((ChangeStatus.Invalid, problem, (string?)null), (change.Status, change.Problem, token));
    }

    private async Task<HttpClient> ClientAsync(long userId, string scope, TimeSpan? validFor = null)
    {
        var (_, token) = await Users.CreateApiTokenAsync(userId, "script", scope, validFor);
        var client = BackupHealth.Testing.TestTls.Client(_collector.Endpoints.Web);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }
}
