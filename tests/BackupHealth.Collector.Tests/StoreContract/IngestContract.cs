using BackupHealth.Collector.Store;
using BackupHealth.Collector.Tests.Support;
using BackupHealth.Contracts.V1;

namespace BackupHealth.Collector.Tests.StoreContract;

/// <summary>What every backend's ingest writer must do (<see cref="IIngestStore"/>): a batch sent again stores
/// nothing twice, the evaluator's snapshot sees a batch only once it is committed and its runs newest first, and the
/// change feed tells of a batch only after its commit, as a change of the agent's customer.</summary>
public abstract class IngestContract<TBackend>
    where TBackend : IStoreBackendFixture, new()
{
    private static readonly DateTimeOffset Now = TestCollector.StartTime;

    [Fact]
    public async Task The_same_batch_sent_again_is_stored_once()
    {
        await using var store = await CreateAsync();
        var agent = await store.Ingest.ConnectAgentAsync(store.ContosoSiteId, TestAgent.Hello("agent-1"), CancellationToken.None);
        var batch = Batch(Observations.Valid("obs-1", end: Now.AddHours(-3)), Observations.Valid("obs-2", end: Now.AddHours(-2)));

        var first = await StoreAsync(store, agent, batch);
        var again = await StoreAsync(store, agent, batch.Clone());

        Assert.Equal(2, first.Total);
        Assert.Equal(0, again.Total);
        var job = Assert.Single((await store.Evaluation.LoadSnapshotAsync(Now, CancellationToken.None)).Jobs);
        Assert.Equal(["obs-2", "obs-1"], job.Runs.Select(r => r.ObservationId));
    }

    [Fact]
    public async Task A_snapshot_is_one_point_in_time_and_the_next_one_sees_the_next_batch()
    {
        await using var store = await CreateAsync();
        var agent = await store.Ingest.ConnectAgentAsync(store.ContosoSiteId, TestAgent.Hello("agent-1"), CancellationToken.None);
        await StoreAsync(store, agent, Batch(Observations.Valid("obs-1", end: Now.AddHours(-3))));
        var before = await store.Evaluation.LoadSnapshotAsync(Now, CancellationToken.None);

        await StoreAsync(store, agent, Batch(Observations.Valid("obs-2", status: RunStatus.Failed, end: Now.AddHours(-1))));
        var after = await store.Evaluation.LoadSnapshotAsync(Now, CancellationToken.None);

        Assert.Equal(["obs-1"], Assert.Single(before.Jobs).Runs.Select(r => r.ObservationId));
        Assert.Equal([(RunStatus.Failed, "obs-2"), (RunStatus.Success, "obs-1")],
            Assert.Single(after.Jobs).Runs.Select(r => (r.Status, r.ObservationId)));
        Assert.Equal(["agent-1"], after.Agents.Select(a => a.AgentKey));
    }

    [Fact]
    public async Task A_batch_is_announced_after_its_commit_as_a_change_of_the_agents_customer_only()
    {
        await using var store = await CreateAsync();
        var agent = await store.Ingest.ConnectAgentAsync(store.ContosoSiteId, TestAgent.Hello("agent-1"), CancellationToken.None);
        var contoso = store.Changes.VersionFor(["Contoso Ltd"]);
        var fabrikam = store.Changes.VersionFor(["Fabrikam"]);
        var woken = store.Changes.NextAsync(CancellationToken.None);

        var committed = await store.Ingest.EnqueueBatchAsync(agent, Batch(Observations.Valid("obs-1")), CancellationToken.None);
        await woken.WaitAsync(TestStore.WriteLimit);
        // Whoever is woken reads the batch: it was committed before the change was told.
        var seen = await store.Evaluation.LoadSnapshotAsync(Now, CancellationToken.None);
        await committed.WaitAsync(TestStore.WriteLimit);

        Assert.Equal(["obs-1"], Assert.Single(seen.Jobs).Runs.Select(r => r.ObservationId));
        Assert.Equal(contoso + 1, store.Changes.VersionFor(["Contoso Ltd"]));
        Assert.Equal(fabrikam, store.Changes.VersionFor(["Fabrikam"]));
    }

    private static ObservationBatch Batch(params Observation[] observations)
    {
        var batch = new ObservationBatch { Sequence = 1 };
        batch.Observations.Add(observations);
        return batch;
    }

    private static async Task<InsertedRuns> StoreAsync(StoreUnderTest store, long agent, ObservationBatch batch) =>
        await (await store.Ingest.EnqueueBatchAsync(agent, batch, CancellationToken.None)).WaitAsync(TestStore.WriteLimit);

    private static Task<StoreUnderTest> CreateAsync() => ((IStoreBackendFixture)new TBackend()).CreateAsync();
}

/// <summary>The ingest contract on SQLite.</summary>
public sealed class SqliteIngestContractTests : IngestContract<SqliteBackendFixture>;
