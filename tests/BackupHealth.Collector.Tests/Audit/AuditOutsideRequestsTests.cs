using BackupHealth.Collector.Store;
using BackupHealth.Collector.Tests.Support;
using BackupHealth.Collector.Web.Auth;
using BackupHealth.Testing;
using BackupHealth.Collector.Host;

namespace BackupHealth.Collector.Tests.Audit;

/// <summary>Users and tokens made outside any request — the user verbs and the first admin at start — are audit rows
/// too, with no address, acted by <c>command-line</c> or <c>system</c>.</summary>
public sealed class AuditOutsideRequestsTests
{
    [Fact]
    public async Task The_user_verbs_record_their_changes_as_the_command_line_without_the_password_or_token()
    {
        await using var collector = await TestCollector.StartAsync();
        string[] config = [$"--Collector:DataPath={collector.Data.Path}"];
        const string password = "a long enough cli password";
        var output = new StringWriter();

        await UserCommandLine.RunAsync(["add-user", "--username", "ann", "--role", "technician", "--customer", "Fabrikam", .. config], ShippedStores.All,
            new StringReader(password + "\n"), output, new StringWriter());
        await UserCommandLine.RunAsync(["set-password", "--username", "ann", .. config], ShippedStores.All, new StringReader(password + "!\n"), output, new StringWriter());
        await UserCommandLine.RunAsync(["create-api-token", "--username", "ann", "--name", "monitoring", .. config], ShippedStores.All,
            new StringReader(""), output, new StringWriter());

        var token = output.ToString().Split('\n', StringSplitOptions.TrimEntries).Single(l => l.StartsWith(UserAccounts.ApiTokenPrefix, StringComparison.Ordinal));
        Assert.Equal(
        [
            ("command-line", null, "user.created", "user:ann", "role technician, customers Fabrikam"),
            ("command-line", null, "user.password-set", "user:ann", "sessions and API tokens ended"),
            ("command-line", (string?)null, "api-token.created", "api-token:" + TokenHash.Of(token)[..12], "'monitoring' of ann, read-write"),
        ], (await AuditTable.ReadAsync(collector)).Select(r => (r.Actor, r.Address, r.Action, r.Target, r.Detail)).ToArray());
        var dump = await AuditTable.DumpAsync(collector);
        Assert.DoesNotContain(password, dump, StringComparison.Ordinal);
        Assert.DoesNotContain(token, dump, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_first_admin_from_configuration_is_recorded_as_made_by_the_system()
    {
        using var secrets = new TempDirectory("bh-secrets");
        var file = secrets.Combine("admin-password");
        await File.WriteAllTextAsync(file, "first admin password\n");
        await using var collector = await TestCollector.StartAsync(s =>
        {
            s["Collector:Auth:InitialAdmin:Username"] = "root-admin";
            s["Collector:Auth:InitialAdmin:PasswordFile"] = file;
        });

        var row = Assert.Single(await AuditTable.ReadAsync(collector));
        Assert.Equal(("system", null, "user.created", "user:root-admin"), (row.Actor, row.Address, row.Action, row.Target));
        Assert.DoesNotContain("first admin password", await AuditTable.DumpAsync(collector), StringComparison.Ordinal);
    }
}
