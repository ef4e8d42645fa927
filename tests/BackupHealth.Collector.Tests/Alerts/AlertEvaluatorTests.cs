using BackupHealth.Collector.Store;
using BackupHealth.Collector.Alerts;
using BackupHealth.Collector.Notify;
using BackupHealth.Testing;
using Microsoft.Data.Sqlite;
using NSubstitute;
using NSubstitute.ClearExtensions;

namespace BackupHealth.Collector.Tests.Alerts;

public sealed class AlertEvaluatorTests : IDisposable
{
    private readonly AlertFixture _f = new();

    public void Dispose() => _f.Dispose();

    [Fact]
    public async Task One_notification_per_site_per_evaluation_groups_its_alerts()
    {
        var hv01 = _f.Seed.AddAgent(_f.Contoso, "hv01", AlertFixture.Start);
        var contosoJobs = new[] { _f.Seed.AddJob(hv01, "a", "A"), _f.Seed.AddJob(hv01, "b", "B") };
        var fabrikamJob = _f.Seed.AddJob(_f.Seed.AddAgent(_f.Fabrikam, "fs01", AlertFixture.Start), "c", "C");
        _f.JobFailed.Findings.AddRange(contosoJobs.Select(j => _f.Seed.JobFinding("job_failed", j)));
        _f.JobMissed.Findings.Add(_f.Seed.JobFinding("job_missed", contosoJobs[0]));
        _f.JobFailed.Findings.Add(_f.Seed.JobFinding("job_failed", fabrikamJob));

        var result = await _f.EvaluateAsync();

        Assert.Equal((4, 4, 0, 2), (result.Findings, result.Opened, result.Resolved, result.Notifications));
        Assert.Equal([(_f.Contoso, 3), (_f.Fabrikam, 1)], _f.Sent.Select(n => (n.SiteId, n.Changes.Count)));
        Assert.Equal([("Fabrikam", "Branch")], _f.Sent.Skip(1).Select(n => (n.Customer, n.Site)));
    }

    [Fact]
    public async Task Evaluation_is_deterministic_over_copies_of_the_same_store()
    {
        var agent = _f.Seed.AddAgent(_f.Contoso, "hv01", AlertFixture.Start);
        var jobs = Enumerable.Range(0, 5).Select(i => _f.Seed.AddJob(agent, $"job{i}", $"Job {i}")).ToList();
        foreach (var job in jobs)
        {
            _f.Seed.AddRun(job, "failed", AlertFixture.Start.AddHours(-1));
        }

        _f.JobFailed.Findings.AddRange(jobs.Take(3).Select(j => _f.Seed.JobFinding("job_failed", j)));
        await _f.EvaluateAsync();
        using var copies = new TempDirectory("bh-alerts-copy");
        var copy = _f.CopyDatabase(copies);
        using var twin = new AlertFixture(copyOf: copy, now: _f.Time.GetUtcNow());

        // The same findings reported in a different order by each.
        var next = jobs.Skip(1).Select(j => _f.Seed.JobFinding("job_failed", j)).Concat(jobs.Take(2).Select(j => _f.Seed.JobFinding("job_missed", j))).ToList();
        _f.JobFailed.Findings.Clear();
        _f.JobFailed.Findings.AddRange(next.Where(n => n.Rule == "job_failed"));
        _f.JobMissed.Findings.AddRange(next.Where(n => n.Rule == "job_missed"));
        twin.JobFailed.Findings.AddRange(next.Where(n => n.Rule == "job_failed").Reverse());
        twin.JobMissed.Findings.AddRange(next.Where(n => n.Rule == "job_missed").Reverse());
        await _f.EvaluateAfterAsync(TimeSpan.FromHours(5));
        await twin.EvaluateAfterAsync(TimeSpan.FromHours(5));

        const string everything = "SELECT * FROM alerts ORDER BY id";
        Assert.Equal(_f.Seed.Rows(everything), twin.Seed.Rows(everything));
        Assert.Equal(Describe(_f.Sent.Skip(1)), Describe(twin.Sent));
        Assert.NotEmpty(twin.Sent);
    }

    [Fact]
    public async Task A_rule_that_throws_keeps_its_alerts_while_the_other_rules_are_applied()
    {
        var job = _f.Seed.AddJob(_f.Seed.AddAgent(_f.Contoso, "hv01", AlertFixture.Start), "a", "A");
        _f.JobFailed.Findings.Add(_f.Seed.JobFinding("job_failed", job));
        _f.JobMissed.Findings.Add(_f.Seed.JobFinding("job_missed", job));
        await _f.EvaluateAsync();
        _f.Errors.Expected.Add((category, message) => message.Contains("Alert rule job_failed failed", StringComparison.Ordinal));

        _f.JobFailed.Failure = new InvalidOperationException("bug in a rule");
        _f.JobMissed.Findings.Clear();
        var result = await _f.EvaluateAfterAsync(TimeSpan.FromMinutes(1));

        Assert.Equal(["job_failed"], result.FailedRules);
        Assert.Equal([("job_failed", "firing"), ("job_missed", "resolved")], _f.Alerts().Select(a => (a.Rule, a.State)));
    }

    [Fact]
    public async Task Notifications_are_enqueued_in_the_transaction_of_the_alert_changes()
    {
        var job = _f.Seed.AddJob(_f.Seed.AddAgent(_f.Contoso, "hv01", AlertFixture.Start), "a", "A");
        _f.Sink.When(s => s.Enqueue(Arg.Any<INotificationOutbox>(), Arg.Any<SiteNotification>()))
            .Do(call => call.ArgAt<INotificationOutbox>(0).Add(new RoutedNotification("test", call.ArgAt<SiteNotification>(1)), AlertFixture.Start));
        _f.JobFailed.Findings.Add(_f.Seed.JobFinding("job_failed", job));

        await _f.EvaluateAsync();

        Assert.Equal([$"{_f.Contoso} | test | 1"], _f.Seed.Rows(
            "SELECT n.site_id, n.channel, count(a.alert_id) FROM notifications n JOIN notification_alerts a ON a.notification_id = n.id GROUP BY n.id"));
    }

    [Fact]
    public async Task A_sink_that_fails_rolls_the_evaluation_back_and_the_next_one_fires_again()
    {
        var job = _f.Seed.AddJob(_f.Seed.AddAgent(_f.Contoso, "hv01", AlertFixture.Start), "a", "A");
        _f.JobFailed.Findings.Add(_f.Seed.JobFinding("job_failed", job));
        _f.Sink.ClearSubstitute(ClearOptions.CallActions);
        _f.Sink.When(s => s.Enqueue(Arg.Any<INotificationOutbox>(), Arg.Any<SiteNotification>()))
            .Do(_ => throw new StoreUnavailableException("disk I/O error"));

        await Assert.ThrowsAsync<StoreUnavailableException>(_f.EvaluateAsync);
        Assert.Empty(_f.Alerts());

        _f.Sink.ClearSubstitute(ClearOptions.CallActions);
        _f.Sink.When(s => s.Enqueue(Arg.Any<INotificationOutbox>(), Arg.Any<SiteNotification>()))
            .Do(call => _f.Sent.Add(call.ArgAt<SiteNotification>(1)));
        await _f.EvaluateAfterAsync(TimeSpan.FromSeconds(30));

        Assert.Single(_f.Alerts());
        Assert.Equal(Collector.Notify.AlertChangeKind.Fired, Assert.Single(_f.Changes).Kind);
    }

    [Fact]
    public async Task The_background_loop_evaluates_every_interval_of_the_time_provider()
    {
        var job = _f.Seed.AddJob(_f.Seed.AddAgent(_f.Contoso, "hv01", AlertFixture.Start), "a", "A");
        _f.JobFailed.Findings.Add(_f.Seed.JobFinding("job_failed", job));
        _f.Options.EvaluationInterval = TimeSpan.FromMinutes(1);
        await _f.Evaluator.StartAsync(CancellationToken.None);
        try
        {
            Assert.Empty(_f.Alerts());

            _f.Time.Advance(TimeSpan.FromMinutes(1));
            await Poll.UntilAsync(() => _f.Sent.Count == 1, "the first interval's evaluation notified");

            _f.JobFailed.Findings.Clear();
            _f.Time.Advance(TimeSpan.FromMinutes(1));
            await Poll.UntilAsync(() => _f.Sent.Count == 2, "the second interval's evaluation notified the resolution");
            Assert.Equal(AlertChangeKind.Resolved, _f.Sent[1].Changes[0].Kind);
        }
        finally
        {
            await _f.Evaluator.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task A_resolved_alert_that_was_never_notified_is_not_told_as_resolved()
    {
        var job = _f.Seed.AddJob(_f.Seed.AddAgent(_f.Contoso, "hv01", AlertFixture.Start), "a", "A");
        await _f.Commands.CreateSilenceAsync(new Collector.Alerts.Handling.NewSilence(null, null, "hv01", null, null, _f.Time.GetUtcNow(),
            _f.Time.GetUtcNow().AddHours(1), "quiet", "frank"));
        _f.JobFailed.Findings.Add(_f.Seed.JobFinding("job_failed", job));
        await _f.EvaluateAsync();

        await _f.Commands.ResolveAsync(Assert.Single(_f.Alerts()).Id, "frank", "");
        _f.JobFailed.Findings.Clear();
        await _f.EvaluateAfterAsync(TimeSpan.FromHours(2));

        Assert.Empty(_f.Sent);
    }

    private static List<string> Describe(IEnumerable<SiteNotification> notifications) => notifications
        .SelectMany(n => n.Changes.Select(c => $"{n.SiteId} {n.At:O} {c.AlertKey} {c.Rule} {c.Subject} {c.Kind} {c.Title} {c.Detail} {c.FiredAt:O} {c.LastRuns.Count}"))
        .ToList();
}
