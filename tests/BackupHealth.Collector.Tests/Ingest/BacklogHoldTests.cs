using BackupHealth.Collector.Tests.Support;
using BackupHealth.Contracts.V1;
using Google.Protobuf.WellKnownTypes;

namespace BackupHealth.Collector.Tests.Ingest;

/// <summary>Issue 15, item 2: while an agent's heartbeats report unsent observations, its jobs are not judged, for at
/// most <c>Collector:Alerts:BacklogHold</c>. Real gRPC stream, real SQLite file, fake time; an evaluation runs between
/// the halves of an upload, as it did in the run that found 19 false job_missed alerts.</summary>
public sealed class BacklogHoldTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = TestCollector.StartTime;
    private TestCollector _collector = null!;

    public async Task InitializeAsync() => _collector = await TestCollector.StartAsync();

    public async Task DisposeAsync() => await _collector.DisposeAsync();

    /// <summary>Ten nightly runs of each job, the newest last night (11 h before start).</summary>
    private static List<Observation> History(params string[] jobs) =>
        [.. from job in jobs from day in Enumerable.Range(0, 10).Reverse()
            select Observations.Valid($"{job}-{day}", jobKey: job, end: Start.AddHours(-11).AddDays(-day))];

    private AgentMessage Heartbeat(long depth) => new()
    {
        Heartbeat = new Heartbeat { OutboxDepth = depth, AgentTime = Timestamp.FromDateTimeOffset(_collector.Time.GetUtcNow()) },
    };

    private static async Task SendAsync(TestAgent agent, IEnumerable<Observation> observations)
    {
        var sequence = agent.LastAck + 1;
        await agent.SendBatchAsync(Observations.Batch(sequence, [.. observations]));
        await agent.WaitForAckAsync(sequence);
    }

    [Fact]
    public async Task Jobs_are_not_judged_while_their_agent_reports_a_backlog_and_are_judged_once_it_is_in()
    {
        var history = History("job-1", "job-2", "job-3");
        // The agent was away for two days: its newest runs are the ones still queued.
        _collector.Time.Advance(TimeSpan.FromDays(2));
        var newest = history.Where(o => o.EndTime.ToDateTimeOffset() > Start.AddDays(-3)).ToList();
        await using var agent = await _collector.ConnectAsync("hv01");

        await agent.SendCommittedAsync(Heartbeat(history.Count));
        await SendAsync(agent, history.Except(newest));
        var during = await EvaluateAsync();
        var page = await AgentsPageAsync();

        Assert.DoesNotContain(during, a => a.Rule == "job_missed");
        Assert.Contains("catching up", page, StringComparison.Ordinal);
        Assert.Contains("judgement of its jobs waits for this backlog", page, StringComparison.Ordinal);

        // The rest arrives, then a heartbeat says the outbox is empty: judged on the whole history.
        await SendAsync(agent, newest.Concat([Observations.Valid("job-1-today", jobKey: "job-1", end: _collector.Time.GetUtcNow().AddHours(-1))]));
        await agent.SendCommittedAsync(Heartbeat(0));
        var after = await EvaluateAsync();

        Assert.DoesNotContain(await AgentsPageAsync(), "catching up", StringComparison.Ordinal);
        // job-2 and job-3 really have not run for two days: now that the backlog is in, that is a miss.
        Assert.Equal(["Job job-2 missed its backup", "Job job-3 missed its backup"],
            after.Where(a => a.Rule == "job_missed").Select(a => a.Title).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Without_a_reported_backlog_the_same_half_history_is_judged_at_once()
    {
        _collector.Time.Advance(TimeSpan.FromDays(2));
        await using var agent = await _collector.ConnectAsync("hv01");

        await agent.SendCommittedAsync(Heartbeat(0));
        await SendAsync(agent, History("job-1"));

        Assert.Contains(await EvaluateAsync(), a => a.Rule == "job_missed" && a.State == "firing");
    }

    [Fact]
    public async Task A_backlog_that_does_not_drain_holds_judgement_only_for_the_configured_time()
    {
        _collector.Time.Advance(TimeSpan.FromDays(2));
        await using var agent = await _collector.ConnectAsync("hv01");
        await agent.SendCommittedAsync(Heartbeat(5000));
        await SendAsync(agent, History("job-1"));

        _collector.Time.Advance(TimeSpan.FromMinutes(29));
        await agent.SendCommittedAsync(Heartbeat(4000)); // a later heartbeat does not restart the hold
        Assert.DoesNotContain(await EvaluateAsync(), a => a.Rule == "job_missed");

        _collector.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.Contains(await EvaluateAsync(), a => a.Rule == "job_missed" && a.State == "firing");
    }

    [Fact]
    public async Task An_open_job_alert_neither_resolves_nor_changes_while_its_agent_catches_up()
    {
        _collector.Time.Advance(TimeSpan.FromDays(2));
        await using var agent = await _collector.ConnectAsync("hv01");
        await SendAsync(agent, History("job-1"));
        Assert.Contains(await EvaluateAsync(), a => a.Rule == "job_missed" && a.State == "firing");

        await agent.SendCommittedAsync(Heartbeat(100));
        await SendAsync(agent, [Observations.Valid("job-1-today", jobKey: "job-1", end: _collector.Time.GetUtcNow().AddMinutes(-5))]);
        Assert.Contains(await EvaluateAsync(), a => a.Rule == "job_missed" && a.State == "firing");

        await agent.SendCommittedAsync(Heartbeat(0));
        Assert.Contains(await EvaluateAsync(), a => a.Rule == "job_missed" && a.State == "resolved");
    }

    private Task<List<AlertView>> EvaluateAsync() => AlertsApi.EvaluateAsync(_collector.Http);

    private async Task<string> AgentsPageAsync()
    {
        await WebUsers.EnsureAsync(_collector.App.Services, "tina", BackupHealth.Collector.Web.Auth.Roles.Technician);
        using var session = new Web.FormSession(_collector.Endpoints.Web);
        (await session.SignInAsync("tina", WebUsers.Password)).Dispose();
        return await session.Client.GetStringAsync(new Uri("/agents", UriKind.Relative));
    }
}
