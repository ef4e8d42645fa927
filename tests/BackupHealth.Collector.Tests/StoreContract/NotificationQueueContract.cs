using BackupHealth.Collector.Notify;
using BackupHealth.Collector.Store;
using BackupHealth.Collector.Tests.Support;
using static BackupHealth.Collector.Tests.Notify.SampleNotifications;

namespace BackupHealth.Collector.Tests.StoreContract;

/// <summary>What every backend's notification queue must do (<see cref="INotificationQueue"/>,
/// <see cref="INotificationOutbox"/>): rows queued in a unit of work exist exactly when it committed; a due row is
/// claimed by one owner at a time, for its lease; outcomes and re-queues move it as the dispatcher and the API
/// expect.</summary>
public abstract class NotificationQueueContract<TBackend>
    where TBackend : IStoreBackendFixture, new()
{
    private static readonly DateTimeOffset Now = At;
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);

    [Fact]
    public async Task Rows_queued_in_a_unit_of_work_are_claimed_oldest_first_up_to_the_limit()
    {
        await using var store = await CreateAsync();
        var first = await QueueAsync(store, "mail", Now.AddMinutes(-2));
        var second = await QueueAsync(store, "slack", Now.AddMinutes(-1));
        var third = await QueueAsync(store, "mail", Now);

        var claimed = await store.Notifications.ClaimDueAsync("a", Now, Lease, limit: 2);

        Assert.Equal([first, second], claimed.Select(r => r.Id));
        Assert.Equal(["mail", "slack"], claimed.Select(r => r.Channel));
        Assert.All(claimed, r => Assert.Equal(0, r.Attempts));
        Assert.Equal([third], (await store.Notifications.ClaimDueAsync("a", Now, Lease, limit: 10)).Select(r => r.Id));
    }

    [Fact]
    public async Task A_row_queued_for_later_is_not_claimed_before_its_time()
    {
        await using var store = await CreateAsync();
        await QueueAsync(store, "mail", Now.AddMinutes(1));

        Assert.Empty(await store.Notifications.ClaimDueAsync("a", Now, Lease, limit: 10));
        Assert.Single(await store.Notifications.ClaimDueAsync("a", Now.AddMinutes(1), Lease, limit: 10));
    }

    [Fact]
    public async Task A_claimed_row_is_not_claimed_by_another_owner_until_its_lease_runs_out()
    {
        await using var store = await CreateAsync();
        var id = await QueueAsync(store, "mail", Now);
        Assert.Single(await store.Notifications.ClaimDueAsync("a", Now, Lease, limit: 10));

        Assert.Empty(await store.Notifications.ClaimDueAsync("b", Now.AddMinutes(4), Lease, limit: 10));
        Assert.Empty(await store.Notifications.ClaimDueAsync("a", Now.AddMinutes(4), Lease, limit: 10));

        var taken = Assert.Single(await store.Notifications.ClaimDueAsync("b", Now + Lease, Lease, limit: 10));
        Assert.Equal(id, taken.Id);
    }

    [Fact]
    public async Task A_released_row_is_due_again_at_once_but_only_its_owner_can_release_it()
    {
        await using var store = await CreateAsync();
        var id = await QueueAsync(store, "mail", Now);
        await store.Notifications.ClaimDueAsync("a", Now, Lease, limit: 10);

        await store.Notifications.ReleaseAsync("b", [id]);
        Assert.Empty(await store.Notifications.ClaimDueAsync("b", Now, Lease, limit: 10));

        await store.Notifications.ReleaseAsync("a", [id]);
        Assert.Equal([id], (await store.Notifications.ClaimDueAsync("b", Now, Lease, limit: 10)).Select(r => r.Id));
    }

    [Fact]
    public async Task Nothing_is_queued_when_the_unit_of_work_fails()
    {
        await using var store = await CreateAsync();

        await Assert.ThrowsAsync<InvalidOperationException>(() => store.Evaluation.InUnitOfWorkAsync<long>(work =>
        {
            work.Notifications.Add(new RoutedNotification("mail", Contoso(store.ContosoSiteId, Change(7))), Now);
            throw new InvalidOperationException("the reconciliation failed after queueing");
        }, CancellationToken.None));

        Assert.Empty(await store.Notifications.ClaimDueAsync("a", Now, Lease, limit: 10));
        Assert.Empty(await store.Notifications.ListAsync(null, 10, CancellationToken.None));
    }

    [Fact]
    public async Task The_channels_told_of_an_alert_are_those_given_a_firing_change_of_it()
    {
        await using var store = await CreateAsync();
        await QueueAsync(store, "mail", Now, Change(7));
        await QueueAsync(store, "slack", Now, Change(7, kind: AlertChangeKind.Resolved));
        await QueueAsync(store, "teams", Now, Change(8));

        var told = await store.Evaluation.InUnitOfWorkAsync(work => work.Notifications.ChannelsNotifiedOf(7), CancellationToken.None);

        Assert.Equal(["mail"], told.Order());
    }

    [Fact]
    public async Task A_sent_row_is_never_claimed_again_and_a_retried_one_only_when_its_next_attempt_is_due()
    {
        await using var store = await CreateAsync();
        var sent = await QueueAsync(store, "mail", Now);
        var retried = await QueueAsync(store, "slack", Now);
        await store.Notifications.ClaimDueAsync("a", Now, Lease, limit: 10);

        await store.Notifications.MarkSentAsync(sent, 1, Now);
        await store.Notifications.MarkRetryAsync(retried, 1, Now.AddMinutes(1), "connection refused");

        Assert.Empty(await store.Notifications.ClaimDueAsync("a", Now.AddSeconds(59), Lease, limit: 10));
        var again = Assert.Single(await store.Notifications.ClaimDueAsync("b", Now.AddMinutes(1), Lease, limit: 10));
        Assert.Equal((retried, 1), (again.Id, again.Attempts));
        var rows = await store.Notifications.ListAsync(null, 10, CancellationToken.None);
        Assert.Equal(NotificationStates.Sent, rows.Single(r => r.Id == sent).State);
        Assert.Equal(("connection refused", NotificationStates.Pending), (rows.Single(r => r.Id == retried).LastError, rows.Single(r => r.Id == retried).State));
    }

    [Fact]
    public async Task Requeue_puts_back_only_a_failed_row_with_a_fresh_set_of_attempts()
    {
        await using var store = await CreateAsync();
        var failed = await QueueAsync(store, "mail", Now);
        var pending = await QueueAsync(store, "slack", Now.AddMinutes(10));
        await store.Notifications.ClaimDueAsync("a", Now, Lease, limit: 10);
        await store.Notifications.MarkFailedAsync(failed, 5, "550 no such user");
        Assert.Empty(await store.Notifications.ClaimDueAsync("a", Now, Lease, limit: 10));

        Assert.Equal(RequeueResult.Requeued, await store.Notifications.RequeueAsync(failed, Now.AddMinutes(1)));
        Assert.Equal(RequeueResult.NotFailed, await store.Notifications.RequeueAsync(pending, Now.AddMinutes(1)));
        Assert.Equal(RequeueResult.NotFound, await store.Notifications.RequeueAsync(failed + pending + 100, Now.AddMinutes(1)));

        var again = Assert.Single(await store.Notifications.ClaimDueAsync("a", Now.AddMinutes(1), Lease, limit: 10));
        Assert.Equal((failed, 0), (again.Id, again.Attempts));
    }

    [Fact]
    public async Task The_list_is_newest_first_filtered_by_state_with_the_site_and_the_headline()
    {
        await using var store = await CreateAsync();
        var older = await QueueAsync(store, "mail", Now);
        var newer = await QueueAsync(store, "mail", Now, Change(8), fabrikam: true);
        await store.Notifications.ClaimDueAsync("a", Now, Lease, limit: 10);
        await store.Notifications.MarkSentAsync(older, 1, Now);

        var all = await store.Notifications.ListAsync(null, 10, CancellationToken.None);
        var pending = await store.Notifications.ListAsync(NotificationStates.Pending, 10, CancellationToken.None);

        Assert.Equal([newer, older], all.Select(r => r.Id));
        Assert.Equal(("Fabrikam", "Branch"), (all[0].Customer, all[0].Site));
        Assert.Equal(NotificationText.Headline(Fabrikam(store.FabrikamSiteId, Change(8))), all[0].Summary);
        Assert.Equal([newer], pending.Select(r => r.Id));
        Assert.Single(await store.Notifications.ListAsync(null, 1, CancellationToken.None));
    }

    private static Task<StoreUnderTest> CreateAsync() => ((IStoreBackendFixture)new TBackend()).CreateAsync();

    private static Task<long> QueueAsync(StoreUnderTest store, string channel, DateTimeOffset at, AlertChange? change = null, bool fabrikam = false)
    {
        var notification = fabrikam ? Fabrikam(store.FabrikamSiteId, change ?? Change(7)) : Contoso(store.ContosoSiteId, change ?? Change(7));
        return store.Evaluation.InUnitOfWorkAsync(work => work.Notifications.Add(new RoutedNotification(channel, notification), at), CancellationToken.None);
    }
}

/// <summary>The notification queue contract on SQLite.</summary>
public sealed class SqliteNotificationQueueContractTests : NotificationQueueContract<SqliteBackendFixture>;
