using BackupHealth.Collector.Host;
using BackupHealth.Collector.Store;
using BackupHealth.Collector.Store.Sqlite.Connections;
using BackupHealth.Collector.Tests.Support;
using BackupHealth.Collector.Web.Auth;
using BackupHealth.Testing;

namespace BackupHealth.Collector.Tests.Web;

/// <summary>The user verbs (add-user, set-password, create-api-token) change users and nothing else, on the database
/// the running collector uses.</summary>
public sealed class UserCommandLineTests
{
    [Fact]
    public async Task User_verbs_beside_a_running_collector_leave_its_tokens_and_connected_agents_alone()
    {
        await using var collector = await TestCollector.StartAsync();
        await using var agent = await collector.ConnectAsync("host-01");
        // Only the data folder: none of the collector's sites or tokens, as an operator would type it.
        string[] config = [$"--Collector:DataPath={collector.Data.Path}"];
        var output = new StringWriter();
        var error = new StringWriter();

        var added = await UserCommandLine.RunAsync(["add-user", "--username", "ann", "--role", "viewer", .. config], ShippedStores.All,
            new StringReader("a long enough password\n"), output, error);
        var token = await UserCommandLine.RunAsync(["create-api-token", "--username", "ann", "--name", "monitoring", .. config], ShippedStores.All,
            new StringReader(""), output, error);

        Assert.Equal((0, 0), (added, token));
        Assert.Equal(0, await collector.CountAsync("SELECT count(*) FROM agent_tokens WHERE revoked IS NOT NULL"));
        Assert.Equal(2, await collector.CountAsync("SELECT count(*) FROM agent_tokens"));
        Assert.Equal(1, await collector.CountAsync("SELECT open_streams FROM agents WHERE agent_key = 'host-01'"));
        Assert.Contains($"database {collector.DatabasePath}", error.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("add-user", "--role", "admin")]
    [InlineData("set-password", "--password-file", "unused")]
    [InlineData("create-api-token", "--name", "monitoring")]
    public async Task A_user_verb_without_a_database_creates_none_and_names_the_one_it_looked_for(string verb, string option, string value)
    {
        using var data = new TempDirectory("bh-cli-empty");
        var error = new StringWriter();

        var exitCode = await UserCommandLine.RunAsync([verb, "--username", "ann", option, value, $"--Collector:DataPath={data.Path}"], ShippedStores.All,
            new StringReader("a long enough password\n"), new StringWriter(), error);

        Assert.Equal(2, exitCode);
        var database = data.Combine(SqliteConnectionFactory.FileName);
        Assert.StartsWith($"there is no collector database at {database}", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("--config FILE", error.ToString(), StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(data.Path));
    }

    [Theory]
    [InlineData(new[] { "add-user", "--role", "viewer" }, "--username needs a name")]
    [InlineData(new[] { "add-user", "--username", "ann" }, "--role needs admin, technician or viewer")]
    [InlineData(new[] { "create-api-token", "--username", "ann" }, "--name needs a label")]
    [InlineData(new[] { "set-password", "--username", "ann", "--role", "admin" }, "unknown option '--role' (settings look like --Collector:DataPath=DIR)")]
    [InlineData(new[] { "add-user", "--username", "ann", "--role", "viewer", "--customer" }, "--customer needs a customer name")]
    [InlineData(new[] { "add-user", "--username", "ann", "--role", "viewer", "--password-file", " " }, "--password-file needs a file name")]
    [InlineData(new[] { "add-user", "--username", "ann", "--role", "viewer", "@more-options.rsp" }, "unexpected argument '@more-options.rsp'")]
    public async Task A_wrong_user_verb_line_is_named_and_changes_nothing(string[] args, string problem)
    {
        using var data = new TempDirectory("bh-cli-wrong");
        var error = new StringWriter();

        var exitCode = await UserCommandLine.RunAsync([.. args, $"--Collector:DataPath={data.Path}"], ShippedStores.All,
            new StringReader("a long enough password\n"), new StringWriter(), error);

        Assert.Equal(2, exitCode);
        Assert.StartsWith($"error: {problem}{Environment.NewLine}usage: backuphealth-collector {args[0]} --username NAME", error.ToString(), StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(data.Path));
    }

    [Fact]
    public async Task Help_of_a_user_verb_shows_its_usage_and_opens_nothing()
    {
        var output = new StringWriter();

        var exitCode = await UserCommandLine.RunAsync(["add-user", "-h"], ShippedStores.All, new StringReader(""), output, new StringWriter());

        Assert.Equal(0, exitCode);
        Assert.StartsWith("usage: backuphealth-collector add-user --username NAME --role admin|technician|viewer [--customer NAME]...", output.ToString(), StringComparison.Ordinal);
    }
}
