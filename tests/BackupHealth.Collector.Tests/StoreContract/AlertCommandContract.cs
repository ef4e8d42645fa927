using BackupHealth.Collector.Alerts;
using BackupHealth.Collector.Alerts.Handling;
using BackupHealth.Collector.Model;
using BackupHealth.Collector.Store;
using BackupHealth.Collector.Tests.Support;

namespace BackupHealth.Collector.Tests.StoreContract;

/// <summary>What every backend's alert commands must do (<see cref="IAlertCommandStore"/>, read back through
/// <see cref="IAlertReadStore"/> and the evaluator's unit of work): an alert is acknowledged or resolved once, the
/// second try answered with the same codes as the API always gave; a silence is in force until its end, and expiring
/// it ends it then; a window needs a known site.</summary>
public abstract class AlertCommandContract<TBackend>
    where TBackend : IStoreBackendFixture, new()
{
    private static readonly DateTimeOffset Now = TestCollector.StartTime;

    [Fact]
    public async Task Acknowledging_twice_says_who_acknowledged_it_first_and_changes_nothing_more()
    {
        await using var store = await CreateAsync();
        var id = await OpenAlertAsync(store);

        Assert.Equal(AlertAction.Done, await store.AlertCommands.AcknowledgeAsync(id, "alice", "looking", Now));
        var again = await store.AlertCommands.AcknowledgeAsync(id, "bob", "me too", Now.AddMinutes(1));

        Assert.Equal(new AlertAction(AlertActionStatus.Acknowledged, "alice"), again);
        var alert = await store.AlertReads.FindAlertAsync(id, CancellationToken.None);
        Assert.Equal((AlertStates.Acknowledged, "alice", "looking"), (alert!.State, alert.AcknowledgedBy, alert.AckComment));
        Assert.Equal(Now.UtcDateTime, alert.AcknowledgedAt);
    }

    [Fact]
    public async Task Resolving_a_resolved_alert_or_acknowledging_it_says_it_is_resolved()
    {
        await using var store = await CreateAsync();
        var id = await OpenAlertAsync(store);

        Assert.Equal(AlertAction.Done, await store.AlertCommands.ResolveAsync(id, "alice", "fixed", Now));

        Assert.Equal(AlertAction.Resolved, await store.AlertCommands.ResolveAsync(id, "bob", "fixed too", Now.AddMinutes(1)));
        Assert.Equal(AlertAction.Resolved, await store.AlertCommands.AcknowledgeAsync(id, "bob", "", Now.AddMinutes(1)));
        var alert = await store.AlertReads.FindAlertAsync(id, CancellationToken.None);
        Assert.Equal((AlertStates.Resolved, "alice", "fixed"), (alert!.State, alert.ResolvedBy, alert.ResolvedComment));
    }

    [Fact]
    public async Task Acting_on_an_alert_that_does_not_exist_finds_nothing()
    {
        await using var store = await CreateAsync();

        Assert.Equal(AlertAction.NotFound, await store.AlertCommands.AcknowledgeAsync(404, "alice", "", Now));
        Assert.Equal(AlertAction.NotFound, await store.AlertCommands.ResolveAsync(404, "alice", "", Now));
        Assert.Null(await store.AlertReads.FindAlertAsync(404, CancellationToken.None));
    }

    [Fact]
    public async Task A_silence_is_in_force_from_its_start_until_its_end()
    {
        await using var store = await CreateAsync();
        var end = Now.AddHours(1);
        var id = await store.AlertCommands.AddSilenceAsync(Silence(Now.AddMinutes(10), end), Now);

        Assert.Empty(await SilencesAtAsync(store, Now.AddMinutes(10).AddMilliseconds(-1)));
        Assert.Equal([id], await SilencesAtAsync(store, Now.AddMinutes(10)));
        Assert.Equal([id], await SilencesAtAsync(store, end.AddMilliseconds(-1)));
        Assert.Empty(await SilencesAtAsync(store, end));
        var stored = await store.AlertReads.FindSilenceAsync(id, CancellationToken.None);
        Assert.Equal(("Contoso Ltd", Now.AddMinutes(10), end, "alice"), (stored!.Customer, stored.StartsAt, stored.EndsAt, stored.CreatedBy));
    }

    [Fact]
    public async Task Expiring_a_silence_ends_it_then_once_and_one_not_started_never_starts()
    {
        await using var store = await CreateAsync();
        var running = await store.AlertCommands.AddSilenceAsync(Silence(Now, Now.AddHours(1)), Now);
        var later = await store.AlertCommands.AddSilenceAsync(Silence(Now.AddHours(2), Now.AddHours(3)), Now);
        var expiredAt = Now.AddMinutes(10);

        Assert.True(await store.AlertCommands.ExpireSilenceAsync(running, expiredAt));
        Assert.True(await store.AlertCommands.ExpireSilenceAsync(later, expiredAt));
        Assert.True(await store.AlertCommands.ExpireSilenceAsync(running, expiredAt.AddMinutes(5)));

        Assert.Equal(expiredAt, (await store.AlertReads.FindSilenceAsync(running, CancellationToken.None))!.EndsAt);
        Assert.Empty(await SilencesAtAsync(store, expiredAt));
        Assert.Empty(await SilencesAtAsync(store, Now.AddHours(2)));
        Assert.False(await store.AlertCommands.ExpireSilenceAsync(running + later + 100, expiredAt));
    }

    [Fact]
    public async Task A_window_is_stored_on_a_known_site_only_and_deleted_once()
    {
        await using var store = await CreateAsync();
        Assert.Null(await store.AlertCommands.AddWindowAsync(Window("Nowhere"), Now));

        var id = await store.AlertCommands.AddWindowAsync(Window("Head office"), Now);

        var window = Assert.Single(await store.AlertReads.ListWindowsAsync(CancellationToken.None));
        Assert.Equal((id!.Value, store.ContosoSiteId, "Head office"), (window.Id, window.SiteId, window.Site));
        Assert.True(await store.AlertCommands.DeleteWindowAsync(id.Value));
        Assert.False(await store.AlertCommands.DeleteWindowAsync(id.Value));
        Assert.Empty(await store.AlertReads.ListWindowsAsync(CancellationToken.None));
    }

    private static Task<StoreUnderTest> CreateAsync() => ((IStoreBackendFixture)new TBackend()).CreateAsync();

    private static Task<long> OpenAlertAsync(StoreUnderTest store) => store.Evaluation.InUnitOfWorkAsync(work => work.Alerts.Insert(
        new RuleFinding("agent_silent", "agent:contract", AlertSeverity.Critical, store.ContosoSiteId, null, null, "silent", "no word"),
        Now.ToUnixTimeMilliseconds(), muted: false, heldBy: null, reopens: null).Id, CancellationToken.None);

    private static NewSilence Silence(DateTimeOffset starts, DateTimeOffset ends) =>
        new("Contoso Ltd", null, null, null, null, starts, ends, "patching", "alice");

    private static NewMaintenanceWindow Window(string site) =>
        new("Contoso Ltd", site, null, Now, Now.AddHours(2), "moving racks", "alice");

    private static async Task<long[]> SilencesAtAsync(StoreUnderTest store, DateTimeOffset at) =>
        (await store.Evaluation.InUnitOfWorkAsync(work => work.SilencesAt(at), CancellationToken.None)).Select(s => s.Id).ToArray();
}

/// <summary>The alert command contract on SQLite.</summary>
public sealed class SqliteAlertCommandContractTests : AlertCommandContract<SqliteBackendFixture>;
