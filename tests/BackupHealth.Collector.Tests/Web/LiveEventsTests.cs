using BackupHealth.Collector.Tests.Support;
using BackupHealth.Collector.Web.Auth;
using BackupHealth.Collector.Web.Live;
using BackupHealth.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace BackupHealth.Collector.Tests.Web;

/// <summary><c>/events</c> tells each signed-in user only of changes they may see.</summary>
public sealed class LiveEventsTests : IAsyncLifetime
{
    private TestCollector _collector = null!;

    // No evaluation while the test moves time for keep-alives: what it sends is all that changes.
    public async Task InitializeAsync() => _collector = await TestCollector.StartAsync(s => s["Collector:Alerts:EvaluationInterval"] = "01:00:00");

    public Task DisposeAsync() => _collector.DisposeAsync().AsTask();

    [Fact]
    public async Task A_user_limited_to_one_customer_hears_of_that_customers_changes_only()
    {
        await using var contosoAgent = await _collector.ConnectAsync("hv01");
        await using var fabrikamAgent = await _collector.ConnectAsync("fb01", TestCollector.FabrikamToken);
        using var contosoViewer = await SignedInAsync("contoso-viewer", Roles.Viewer, "Contoso Ltd");
        using var admin = await SignedInAsync(WebUsers.AdminName, Roles.Admin);
        await using var limited = await EventStream.OpenAsync(contosoViewer.Client);
        await using var everything = await EventStream.OpenAsync(admin.Client);
        Assert.StartsWith("event: connected", await limited.NextAsync(), StringComparison.Ordinal);
        Assert.StartsWith("event: connected", await everything.NextAsync(), StringComparison.Ordinal);

        await SendRunAsync(fabrikamAgent);

        // Told to who sees Fabrikam; to the Contoso viewer the stream's next word is the keep-alive, not the change.
        Assert.StartsWith("event: change", await everything.NextAsync(), StringComparison.Ordinal);
        Assert.StartsWith("event: keep-alive", await KeepAliveOrEarlierAsync(limited), StringComparison.Ordinal);

        await SendRunAsync(contosoAgent);

        // Its data counts only Contoso's changes (the agent's connect and this run), nothing of Fabrikam's.
        Assert.Equal("event: change\ndata: 2", await limited.NextEventAsync());
    }

    [Fact]
    public async Task A_stream_ends_at_the_keep_alive_after_the_users_limits_changed()
    {
        using var viewer = await SignedInAsync("contoso-viewer", Roles.Viewer, "Contoso Ltd");
        await using var events = await EventStream.OpenAsync(viewer.Client);
        Assert.StartsWith("event: connected", await events.NextAsync(), StringComparison.Ordinal);
        Assert.StartsWith("event: keep-alive", await KeepAliveOrEarlierAsync(events), StringComparison.Ordinal);

        var users = _collector.App.Services.GetRequiredService<UserAccounts>();
        var id = (await users.FindAsync("contoso-viewer", CancellationToken.None))!.Id;
        Assert.Equal(ChangeStatus.Done, (await users.UpdateAsync(id, Roles.Viewer, disabled: false, ["Fabrikam"])).Status);

        var ended = await Assert.ThrowsAsync<InvalidOperationException>(() => KeepAliveOrEarlierAsync(events));
        Assert.Equal("the event stream ended", ended.Message);
    }

    private async Task<FormSession> SignedInAsync(string username, string role, params string[] customers)
    {
        await WebUsers.EnsureAsync(_collector.App.Services, username, role, customers);
        var session = new FormSession(_collector.Endpoints.Web);
        using var signedIn = await session.SignInAsync(username, WebUsers.Password);
        Assert.Equal(System.Net.HttpStatusCode.Redirect, signedIn.StatusCode);
        return session;
    }

    private static async Task SendRunAsync(TestAgent agent)
    {
        var sequence = agent.LastAck + 1;
        await agent.SendBatchAsync(Observations.Batch(sequence, $"run-{sequence}", 1));
        // Acknowledged after the change was published.
        await agent.WaitForAckAsync(sequence);
    }

    /// <summary>The stream's next block, moving fake time until the keep-alive is due: a change told before then
    /// comes first.</summary>
    private async Task<string> KeepAliveOrEarlierAsync(EventStream events)
    {
        var next = events.NextAsync();
        await Poll.UntilAsync(() =>
        {
            if (!next.IsCompleted)
            {
                _collector.Time.Advance(EventsEndpoint.KeepAlive / 5);
            }

            return next.IsCompleted;
        }, "the event stream said something");
        return await next;
    }
}
