using System.Net;
using BackupHealth.Collector.Hosting;
using BackupHealth.Collector.Tests.Support;
using BackupHealth.Collector.Web.Auth;
using BackupHealth.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using BackupHealth.Collector.Host;

namespace BackupHealth.Collector.Tests.Web;

/// <summary>The first admin: from configuration (a password file) or from the command line, never a default.</summary>
public sealed class InitialAdminTests
{
    [Fact]
    public async Task The_configured_first_admin_is_created_once_and_can_sign_in()
    {
        using var secrets = new TempDirectory("bh-secrets");
        var file = secrets.Combine("admin-password");
        await File.WriteAllTextAsync(file, "first admin password\n");
        await using var collector = await TestCollector.StartAsync(s =>
        {
            s["Collector:Auth:InitialAdmin:Username"] = "root-admin";
            s["Collector:Auth:InitialAdmin:PasswordFile"] = file;
        });

        var users = collector.App.Services.GetRequiredService<UserAccounts>();
        var admin = await users.FindAsync("root-admin", CancellationToken.None);
        Assert.Equal((Roles.Admin, "configuration"), (admin?.Role, admin?.CreatedBy));
        using var session = new FormSession(collector.Endpoints.Web);
        using var signedIn = await session.SignInAsync("root-admin", "first admin password");
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
    }

    [Fact]
    public async Task Without_any_setting_nobody_can_sign_in()
    {
        using var data = new TempDirectory("bh-no-users");
        var (app, _, _) = TestCollector.Build(data);
        await using var _ = app;
        await app.StartAsync();

        Assert.Equal(0, await app.Services.GetRequiredService<UserAccounts>().CountAsync(CancellationToken.None));
        // No built-in account: the usual guesses are refused at the sign-in form.
        using var session = new FormSession(app.Services.GetRequiredService<CollectorEndpoints>().Web);
        foreach (var (name, password) in new[] { ("admin", "admin"), ("admin", "password"), ("administrator", "changeme") })
        {
            using var response = await session.SignInAsync(name, password);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.DoesNotContain(session.Cookies.GetAllCookies(), c => c.Name == AuthServiceCollectionExtensions.CookieName);
        }

        await app.StopAsync();
    }

    [Theory]
    [InlineData("root-admin", null, "Collector:Auth:InitialAdmin:PasswordFile: required with Collector:Auth:InitialAdmin:Username")]
    [InlineData(null, "some-file", "Collector:Auth:InitialAdmin:Username: required with Collector:Auth:InitialAdmin:PasswordFile")]
    public async Task Half_an_initial_admin_stops_start_naming_the_missing_setting(string? username, string? file, string failure)
    {
        using var data = new TempDirectory("bh-admin-config");
        var (app, _, _) = TestCollector.Build(data, s =>
        {
            s["Collector:Auth:InitialAdmin:Username"] = username;
            s["Collector:Auth:InitialAdmin:PasswordFile"] = file;
        });
        await using var _ = app;

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains(error.Failures, f => f.StartsWith(failure, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(null, "Collector:Auth:InitialAdmin:PasswordFile: cannot read the first admin's password")]
    [InlineData("short", "Collector:Auth:InitialAdmin:PasswordFile: a password has at least 12 characters")]
    [InlineData("changeme1234\n", "Collector:Auth:InitialAdmin:PasswordFile: " + PasswordRules.TooCommon)]
    public async Task An_unreadable_or_weak_password_file_stops_start_naming_it(string? content, string message)
    {
        using var data = new TempDirectory("bh-admin-file");
        var file = data.Combine("password");
        if (content is not null)
        {
            await File.WriteAllTextAsync(file, content);
        }

        var (app, _, _) = TestCollector.Build(data, s =>
        {
            s["Collector:Auth:InitialAdmin:Username"] = "root-admin";
            s["Collector:Auth:InitialAdmin:PasswordFile"] = file;
        });
        await using var _ = app;

        var error = await Assert.ThrowsAsync<CollectorStartupException>(() => app.StartAsync());

        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_add_user_verb_creates_a_user_with_customer_limits_from_a_piped_password()
    {
        using var data = new TempDirectory("bh-cli");
        // The verbs work on the database a collector made (its customers included), never seeding one themselves.
        var (made, _, _) = TestCollector.Build(data);
        await using (made)
        {
            await made.StartAsync();
            await made.StopAsync();
        }

        string[] config = [$"--Collector:DataPath={data.Path}"];
        var output = new StringWriter();
        var error = new StringWriter();

        var added = await UserCommandLine.RunAsync(["add-user", "--username", "ann", "--role", "viewer", "--customer", "Contoso Ltd", .. config], ShippedStores.All,
            new StringReader("a long enough password\n"), output, error);
        var unknown = await UserCommandLine.RunAsync(["add-user", "--username", "bo", "--role", "viewer", "--customer", "Nope", .. config], ShippedStores.All,
            new StringReader("a long enough password\n"), output, error);
        var tokenOut = new StringWriter();
        var token = await UserCommandLine.RunAsync(["create-api-token", "--username", "ann", "--name", "monitoring", .. config], ShippedStores.All,
            new StringReader(""), tokenOut, error);

        Assert.Equal((0, 2, 0), (added, unknown, token));
        Assert.Contains("Created viewer ann.", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("there is no customer 'Nope'", error.ToString(), StringComparison.Ordinal);
        Assert.Matches("^bhu_[A-Za-z0-9_-]{43}\\r?\\n$", tokenOut.ToString());

        // The user works against a collector started on the same data.
        await using var collector = await TestCollector.StartAsync(s => s["Collector:DataPath"] = data.Path);
        var ann = await collector.App.Services.GetRequiredService<UserAccounts>().FindAsync("ann", CancellationToken.None);
        Assert.Equal(["Contoso Ltd"], ann!.Customers.Select(c => c.Name));
        using var client = collector.Anonymous;
        client.DefaultRequestHeaders.Authorization = new("Bearer", tokenOut.ToString().Trim());
        using var response = await client.GetAsync(new Uri("/api/v1/jobs", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
