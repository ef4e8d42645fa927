using BackupHealth.Collector.Coverage;
using BackupHealth.Collector.Store;
using BackupHealth.Collector.Tests.Support;

namespace BackupHealth.Collector.Tests.StoreContract;

/// <summary>What every backend's coverage store must do (<see cref="ICoverageStore"/>): mapping a VM to a job again
/// replaces the earlier mapping instead of adding one, an exclusion replaces the VM's earlier exclusion, a write that
/// names something unknown leaves nothing behind, and removing answers what was there.</summary>
public abstract class CoverageContract<TBackend>
    where TBackend : IStoreBackendFixture, new()
{
    private static readonly DateTimeOffset Now = TestCollector.StartTime;

    [Fact]
    public async Task Mapping_a_vm_to_the_same_job_again_replaces_the_earlier_mapping()
    {
        await using var store = await CreateAsync();
        var job = store.Seed.AddJob(store.ContosoSiteId, "nightly vms");
        store.Seed.SeeVm(store.ContosoSiteId, "vm-1");

        var first = await store.Coverage.SetMappingAsync(Vm("vm-1"), job, "alice", Now);
        var second = await store.Coverage.SetMappingAsync(Vm("vm-1"), job, "bob", Now.AddMinutes(1));

        Assert.Equal(new CoverageWrite(CoverageWriteStatus.Done, store.ContosoSiteId, "nightly vms"), first);
        Assert.Equal(first, second);
        var mapping = Assert.Single(await store.Coverage.ListMappingsAsync(CancellationToken.None));
        Assert.Equal(new CoverageMappingDto("Contoso Ltd", "Head office", "vm-1", job, "nightly vms", "bob", Now.AddMinutes(1).UtcDateTime), mapping);
    }

    [Fact]
    public async Task A_vm_mapped_to_two_jobs_has_two_mappings()
    {
        await using var store = await CreateAsync();
        var first = store.Seed.AddJob(store.ContosoSiteId, "nightly vms");
        var second = store.Seed.AddJob(store.ContosoSiteId, "weekly vms");
        store.Seed.SeeVm(store.ContosoSiteId, "vm-1");

        await store.Coverage.SetMappingAsync(Vm("vm-1"), first, "alice", Now);
        await store.Coverage.SetMappingAsync(Vm("vm-1"), second, "alice", Now);

        Assert.Equal([first, second], (await store.Coverage.ListMappingsAsync(CancellationToken.None)).Select(m => m.JobId));
    }

    [Fact]
    public async Task A_mapping_that_names_something_unknown_is_refused_and_leaves_nothing_behind()
    {
        await using var store = await CreateAsync();
        var job = store.Seed.AddJob(store.ContosoSiteId, "nightly vms");
        var branchJob = store.Seed.AddJob(store.FabrikamSiteId, "branch vms");
        store.Seed.SeeVm(store.ContosoSiteId, "vm-1");

        Assert.Equal(CoverageWriteStatus.UnknownSite, (await store.Coverage.SetMappingAsync(Vm("vm-1", site: "Nowhere"), job, "alice", Now)).Status);
        Assert.Equal(CoverageWriteStatus.UnknownVm, (await store.Coverage.SetMappingAsync(Vm("vm-2"), job, "alice", Now)).Status);
        Assert.Equal(CoverageWriteStatus.UnknownJob, (await store.Coverage.SetMappingAsync(Vm("vm-1"), job + branchJob + 100, "alice", Now)).Status);
        Assert.Equal(CoverageWriteStatus.JobOfOtherSite, (await store.Coverage.SetMappingAsync(Vm("vm-1"), branchJob, "alice", Now)).Status);
        Assert.Empty(await store.Coverage.ListMappingsAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_mapping_is_removed_once()
    {
        await using var store = await CreateAsync();
        var job = store.Seed.AddJob(store.ContosoSiteId, "nightly vms");
        store.Seed.SeeVm(store.ContosoSiteId, "vm-1");
        await store.Coverage.SetMappingAsync(Vm("vm-1"), job, "alice", Now);

        Assert.Equal(CoverageWriteStatus.UnknownSite, (await store.Coverage.RemoveMappingAsync(Vm("vm-1", site: "Nowhere"), job)).Status);
        Assert.Equal(CoverageWriteStatus.Done, (await store.Coverage.RemoveMappingAsync(Vm("vm-1"), job)).Status);
        Assert.Equal(CoverageWrite.NotFound, await store.Coverage.RemoveMappingAsync(Vm("vm-1"), job));
        Assert.Empty(await store.Coverage.ListMappingsAsync(CancellationToken.None));
    }

    [Fact]
    public async Task An_exclusion_replaces_the_vms_earlier_one_and_is_removed_once()
    {
        await using var store = await CreateAsync();
        store.Seed.SeeVm(store.ContosoSiteId, "vm-1");
        Assert.Equal(CoverageWrite.UnknownVm, await store.Coverage.SetExclusionAsync(Vm("vm-2"), "test VM", "alice", Now));

        await store.Coverage.SetExclusionAsync(Vm("vm-1"), "test VM", "alice", Now);
        var replaced = await store.Coverage.SetExclusionAsync(Vm("vm-1"), "template", "bob", Now.AddMinutes(1));

        Assert.Equal(new CoverageWrite(CoverageWriteStatus.Done, store.ContosoSiteId), replaced);
        var exclusion = Assert.Single(await store.Coverage.ListExclusionsAsync(CancellationToken.None));
        Assert.Equal(new CoverageExclusionDto("Contoso Ltd", "Head office", "vm-1", "template", "bob", Now.AddMinutes(1).UtcDateTime), exclusion);
        Assert.Equal(new CoverageWrite(CoverageWriteStatus.Done, store.ContosoSiteId), await store.Coverage.RemoveExclusionAsync(Vm("vm-1")));
        Assert.Equal(CoverageWrite.NotFound, await store.Coverage.RemoveExclusionAsync(Vm("vm-1")));
    }

    private static Task<StoreUnderTest> CreateAsync() => ((IStoreBackendFixture)new TBackend()).CreateAsync();

    private static CoverageKey Vm(string itemId, string site = "Head office") => new("Contoso Ltd", site, itemId);
}

/// <summary>The coverage contract on SQLite.</summary>
public sealed class SqliteCoverageContractTests : CoverageContract<SqliteBackendFixture>;
