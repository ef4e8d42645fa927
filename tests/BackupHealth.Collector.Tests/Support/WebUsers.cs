using System.Net.Http.Headers;
using BackupHealth.Collector.Web.Auth;
using Microsoft.Extensions.DependencyInjection;

namespace BackupHealth.Collector.Tests.Support;

/// <summary>People for tests of the web surface: users made through the collector's own store, and HTTP clients
/// that authenticate with an API token of theirs, as a script would. Linked into the integration and browser tests.</summary>
internal static class WebUsers
{
    public const string AdminName = "admin";
    public const string Password = "correct horse battery staple";

    /// <summary>Creates the user when missing, and returns its id.</summary>
    public static async Task<long> EnsureAsync(IServiceProvider services, string username, string role = Roles.Admin, params string[] customers)
    {
        var users = services.GetRequiredService<UserAccounts>();
        if (await users.FindAsync(username, CancellationToken.None) is { } existing)
        {
            return existing.Id;
        }

        var change = await users.CreateAsync(username, Password, role, customers, "tests");
        return change.Status == ChangeStatus.Done ? change.Id : throw new InvalidOperationException(change.Problem);
    }

    /// <summary>A client for the web surface at <paramref name="web"/> acting as <paramref name="username"/> (created
    /// with <paramref name="role"/> when missing).</summary>
    public static async Task<HttpClient> ClientAsync(IServiceProvider services, Uri web, string username = AdminName, string role = Roles.Admin,
        params string[] customers)
    {
        var id = await EnsureAsync(services, username, role, customers);
        var (_, token) = await services.GetRequiredService<UserAccounts>().CreateApiTokenAsync(id, "tests");
        var client = BackupHealth.Testing.TestTls.Client(web);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }
}
