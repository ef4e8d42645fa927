using BackupHealth.Collector.Store;
using BackupHealth.Collector.Store.Sqlite.Writer;
using BackupHealth.Collector.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace BackupHealth.Collector.Tests.Store;

/// <summary>Work is queued before the writer starts, so which work shares a transaction is known.</summary>
public sealed class GroupCommitTests
{
    [Fact]
    public async Task Work_queued_together_is_committed_in_one_transaction()
    {
        await using var store = new TestStore();
        var agent = await store.AddAgentBeforeStartAsync("agent-1");
        var pending = new List<Task<int>>();
        for (var i = 0; i < 40; i++)
        {
            pending.Add(await store.EnqueueAsync(agent, Observations.Valid($"obs-{i}")));
        }

        Assert.All(pending, p => Assert.False(p.IsCompleted));
        store.StartWriter();
        await Task.WhenAll(pending).WaitAsync(TestStore.WriteLimit);

        Assert.Equal(1, store.Writer.Commits);
        Assert.Equal(40L, await store.CountAsync("SELECT count(*) FROM observations"));
        store.Errors.AssertNone();
    }

    [Fact]
    public async Task A_commit_holds_about_the_weight_cap_of_observations()
    {
        await using var store = new TestStore(maxWeightPerCommit: 100);
        var agent = await store.AddAgentBeforeStartAsync("agent-1");
        var pending = new List<Task<int>>();
        for (var b = 0; b < 10; b++)
        {
            pending.Add(await store.EnqueueAsync(agent, Enumerable.Range(0, 50).Select(o => Observations.Valid($"b{b}-o{o}")).ToArray()));
        }

        store.StartWriter();
        await Task.WhenAll(pending).WaitAsync(TestStore.WriteLimit);

        Assert.Equal(5, store.Writer.Commits);
        Assert.Equal(500L, await store.CountAsync("SELECT count(*) FROM observations"));
    }

    [Fact]
    public async Task Queueing_waits_while_the_queued_observations_reach_the_budget()
    {
        await using var store = new TestStore(maxQueuedWeight: 100);
        var agent = await store.AddAgentBeforeStartAsync("agent-1");
        var first = await store.EnqueueAsync(agent, Enumerable.Range(0, 50).Select(o => Observations.Valid($"a-{o}")).ToArray());
        var second = await store.EnqueueAsync(agent, Enumerable.Range(0, 50).Select(o => Observations.Valid($"b-{o}")).ToArray());

        var third = store.EnqueueAsync(agent, Enumerable.Range(0, 50).Select(o => Observations.Valid($"c-{o}")).ToArray()).AsTask();
        Assert.False(third.IsCompleted);

        store.StartWriter();
        await Task.WhenAll(first, second, await third).WaitAsync(TestStore.WriteLimit);

        Assert.Equal(150L, await store.CountAsync("SELECT count(*) FROM observations"));
    }

    [Fact]
    public async Task A_failing_transaction_fails_every_caller_in_it_and_stores_none_of_them()
    {
        await using var store = new TestStore();
        var agent = await store.AddAgentBeforeStartAsync("agent-1");
        store.Errors.Expected.Add((category, _) => category.EndsWith(nameof(StoreWriter), StringComparison.Ordinal));
        var good = await store.EnqueueAsync(agent, Observations.Valid("good-1", jobKey: "new-job"));
        var unknownAgent = await store.EnqueueAsync(agent + 1000, Observations.Valid("bad-1"));
        var alsoGood = await store.EnqueueAsync(agent, Observations.Valid("good-2"));

        store.StartWriter();

        await Assert.ThrowsAsync<StoreUnavailableException>(() => good.WaitAsync(TestStore.WriteLimit));
        await Assert.ThrowsAsync<StoreUnavailableException>(() => unknownAgent.WaitAsync(TestStore.WriteLimit));
        await Assert.ThrowsAsync<StoreUnavailableException>(() => alsoGood.WaitAsync(TestStore.WriteLimit));
        Assert.Equal(0, store.Writer.Commits);
        Assert.Equal(0L, await store.CountAsync("SELECT count(*) FROM observations"));
        Assert.Equal(0L, await store.CountAsync("SELECT count(*) FROM jobs"));
        Assert.Equal(["A store transaction of 3 writes (3 observations) failed and was rolled back; its callers were not acknowledged"],
            store.Errors.ExpectedLogged);

        // The writer goes on, and a job first seen in the failed transaction is created again, not taken from cache.
        Assert.Equal(1, await store.InsertAsync(agent, Observations.Valid("good-1", jobKey: "new-job")));
        Assert.Equal(1L, await store.CountAsync("SELECT count(*) FROM jobs"));
    }

    [Fact]
    public async Task The_writer_runs_from_its_start_until_it_is_stopped_and_starts_only_once()
    {
        await using var store = new TestStore();
        var beforeStart = store.Writer.IsRunning;

        store.StartWriter();
        var afterStart = store.Writer.IsRunning;
        Assert.Throws<InvalidOperationException>(store.StartWriter);
        Assert.Throws<ArgumentOutOfRangeException>(() => new StoreWriter(store.Connections, NullLogger<StoreWriter>.Instance, maxWeightPerCommit: 0));
        await store.Writer.StopAsync().WaitAsync(TestStore.WriteLimit);

        Assert.Equal((false, true, false), (beforeStart, afterStart, store.Writer.IsRunning));
    }

    [Fact]
    public async Task Work_queued_after_stop_is_refused()
    {
        await using var store = new TestStore();
        store.StartWriter();
        await store.Writer.StopAsync().WaitAsync(TestStore.WriteLimit);

        await Assert.ThrowsAsync<StoreUnavailableException>(async () => await store.EnqueueAsync(1, Observations.Valid("late")));
    }

    [Fact]
    public async Task Stopping_commits_what_was_already_queued()
    {
        await using var store = new TestStore();
        var agent = await store.AddAgentBeforeStartAsync("agent-1");
        var pending = await store.EnqueueAsync(agent, Observations.Valid("obs-1"));
        store.StartWriter();

        await store.Writer.StopAsync().WaitAsync(TestStore.WriteLimit);

        Assert.Equal(1, await pending.WaitAsync(TestStore.WriteLimit));
    }
}
