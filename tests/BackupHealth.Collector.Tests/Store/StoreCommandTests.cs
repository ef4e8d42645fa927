using BackupHealth.Collector.Store;
using BackupHealth.Collector.Store.Sqlite.Connections;
using BackupHealth.Collector.Tests.Support;
using Microsoft.Data.Sqlite;

namespace BackupHealth.Collector.Tests.Store;

/// <summary>The stores' commands (users, tokens, alerts, notifications, expectations, audit…) go through the same
/// writer as ingest, each in a savepoint of its own inside the group. Work is queued before the writer starts, so
/// which work shares a transaction is known.</summary>
public sealed class StoreCommandTests
{
    [Fact]
    public async Task A_command_that_throws_undoes_only_its_own_changes_and_the_rest_of_its_group_commits()
    {
        await using var store = new TestStore();
        var agent = await store.AddAgentBeforeStartAsync("agent-1");
        var batch = await store.EnqueueAsync(agent, Observations.Valid("obs-1"));
        var failing = store.Writer.WriteAsync<int>((c, t) =>
        {
            SqlCommands.Execute(c, t, "INSERT INTO customers (name) VALUES ('Half done')");
            return SqlCommands.Execute(c, t, "INSERT INTO no_such_table VALUES (1)");
        });
        var after = store.Writer.WriteAsync((c, t) => SqlCommands.Execute(c, t, "INSERT INTO customers (name) VALUES ('Northwind')"));

        store.StartWriter();

        var error = await Assert.ThrowsAsync<SqliteException>(() => failing.WaitAsync(TestStore.WriteLimit));
        Assert.Contains("no_such_table", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, await batch.WaitAsync(TestStore.WriteLimit));
        Assert.Equal(1, await after.WaitAsync(TestStore.WriteLimit));
        Assert.Equal(1, store.Writer.Commits);
        Assert.Equal(0L, await store.CountAsync("SELECT count(*) FROM customers WHERE name = 'Half done'"));
        Assert.Equal(1L, await store.CountAsync("SELECT count(*) FROM customers WHERE name = 'Northwind'"));
        Assert.Equal(1L, await store.CountAsync("SELECT count(*) FROM observations"));
        store.Errors.AssertNone();
    }

    [Fact]
    public async Task A_refused_command_leaves_nothing_and_still_returns_what_it_found()
    {
        await using var store = new TestStore();
        var refused = store.Writer.WriteAsync(
            (c, t) => SqlCommands.Execute(c, t, "INSERT INTO customers (name) VALUES ('Refused')"), commits: rows => rows == 0);
        var kept = store.Writer.WriteAsync(
            (c, t) => SqlCommands.Execute(c, t, "INSERT INTO customers (name) VALUES ('Kept')"), commits: rows => rows == 1);

        store.StartWriter();

        Assert.Equal(1, await refused.WaitAsync(TestStore.WriteLimit));
        Assert.Equal(1, await kept.WaitAsync(TestStore.WriteLimit));
        Assert.Equal(1, store.Writer.Commits);
        Assert.Equal(0L, await store.CountAsync("SELECT count(*) FROM customers WHERE name = 'Refused'"));
        Assert.Equal(1L, await store.CountAsync("SELECT count(*) FROM customers WHERE name = 'Kept'"));
    }

    [Fact]
    public async Task A_command_sees_what_was_written_before_it_in_the_same_group()
    {
        await using var store = new TestStore();
        var agent = await store.AddAgentBeforeStartAsync("agent-1");
        var batch = await store.EnqueueAsync(agent, Observations.Valid("obs-1"), Observations.Valid("obs-2"));
        var counted = store.Writer.WriteAsync((c, t) =>
        {
            using var command = SqlCommands.Command(c, t, "SELECT count(*) FROM observations");
            return (long)command.ExecuteScalar()!;
        });

        store.StartWriter();

        Assert.Equal(2, await batch.WaitAsync(TestStore.WriteLimit));
        Assert.Equal(2L, await counted.WaitAsync(TestStore.WriteLimit));
        Assert.Equal(1, store.Writer.Commits);
    }

    [Fact]
    public async Task A_command_queued_after_the_writer_stopped_is_refused_as_the_store_being_unavailable()
    {
        await using var store = new TestStore();
        store.StartWriter();
        await store.Writer.StopAsync();

        await Assert.ThrowsAsync<StoreUnavailableException>(() =>
            store.Writer.WriteAsync((c, t) => SqlCommands.Execute(c, t, "INSERT INTO customers (name) VALUES ('Late')")));
        Assert.Equal(0L, await store.CountAsync("SELECT count(*) FROM customers WHERE name = 'Late'"));
    }
}
