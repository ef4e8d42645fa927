using System.Globalization;
using BackupHealth.Collector.Alerts;
using BackupHealth.Collector.Tests.Support;
using BackupHealth.Testing;
using BackupHealth.Contracts;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace BackupHealth.Collector.Tests.Limits;

/// <summary>Observations per agent per minute and per day (<c>Collector:Limits:ObservationsPerAgentPer…</c>): one site
/// token once stored 1.8 million observations in 40 s and slowed every page and the alert evaluation for everybody.</summary>
public sealed class ObservationQuotaTests(ITestOutputHelper output)
{
    private const int PerMinute = 5 * ObservationLimits.MaxBatchObservations;
    private const int Rounds = 100;
    private const string FlooderId = "hv-flood";

    private static Action<Dictionary<string, string?>> Quota(int perMinute, int perDay) => settings =>
    {
        settings["Collector:Limits:ObservationsPerAgentPerMinute"] = perMinute.ToString(CultureInfo.InvariantCulture);
        settings["Collector:Limits:ObservationsPerAgentPerDay"] = perDay.ToString(CultureInfo.InvariantCulture);
    };

    private static Task<long> StoredOfAsync(TestCollector collector, string agentId) => collector.CountAsync(
        "SELECT count(*) FROM observations o JOIN agents a ON a.id = o.agent_id WHERE a.agent_key = $agent", ("$agent", agentId));

    private static Task<long> FloodingAlertsAsync(TestCollector collector, string state) => collector.CountAsync(
        "SELECT count(*) FROM alerts WHERE rule = 'agent_flooding' AND state = $state", ("$state", state));

    private static Task<EvaluationResult> EvaluateAsync(TestCollector collector) =>
        collector.App.Services.GetRequiredService<AlertEvaluator>().EvaluateOnceAsync(CancellationToken.None);

    [Fact]
    public async Task A_flooding_agent_is_refused_over_its_quota_while_another_agents_acks_keep_coming()
    {
        // Each of the flooder's two loops holds at most its old and its new stream: none is ever displaced, so what it
        // hears is the quota's answer alone.
        await using var collector = await TestCollector.StartAsync(settings =>
        {
            Quota(PerMinute, 10 * PerMinute)(settings);
            settings["Collector:Limits:MaxStreamsPerAgent"] = "4";
        });
        await using var normal = await collector.ConnectAsync("hv01");
        var quiet = await AckLatency.MeasureAsync(normal, "quiet", Rounds);

        var flooder = new Flooder(collector, FlooderId);
        using var stop = new CancellationTokenSource();
        var flooding = flooder.RunAsync(streams: 2, stop.Token);
        await Poll.UntilAsync(() => flooder.Endings.Any(e => e.StatusCode == StatusCode.ResourceExhausted), "the flooder is refused");
        var flooded = await AckLatency.MeasureAsync(normal, "flooded", Rounds);
        var refusedBefore = flooder.Endings.Count;
        await stop.CancelAsync();
        await flooding;

        output.WriteLine($"normal agent's acks, quiet: {quiet}");
        output.WriteLine($"normal agent's acks, while flooded: {flooded}");
        output.WriteLine($"flooder: {flooder.SentBatches} batches of {ObservationLimits.MaxBatchObservations} sent, {flooder.Acked} observations acknowledged, {refusedBefore} streams ended");

        var refusal = flooder.Endings.First(e => e.StatusCode == StatusCode.ResourceExhausted);
        Assert.Contains($"may send {PerMinute} observations per minute (Collector:Limits:ObservationsPerAgentPerMinute)", refusal.Status.Detail, StringComparison.Ordinal);
        Assert.InRange(int.Parse(refusal.Trailers.GetValue("retry-after")!, CultureInfo.InvariantCulture), 1, 60);
        Assert.Equal(PerMinute, await StoredOfAsync(collector, FlooderId));
        Assert.Equal(PerMinute, flooder.Acked);
        Assert.Equal(2 * Rounds, await StoredOfAsync(collector, "hv01"));
        Assert.Equal(2 * Rounds, flooded.Count + quiet.Count);
    }

    [Fact]
    public async Task The_flooding_agent_alert_fires_once_and_resolves_after_the_quiet_period()
    {
        await using var collector = await TestCollector.StartAsync(Quota(PerMinute, 10 * PerMinute));
        await using var flooder = await collector.ConnectAsync(FlooderId);
        for (ulong sequence = 1; sequence <= 5; sequence++)
        {
            await flooder.SendBatchAsync(Observations.Batch(sequence, $"ok-{sequence}", ObservationLimits.MaxBatchObservations));
        }

        await flooder.SendBatchAsync(Observations.Batch(6, "over", 1));
        var refused = await flooder.WaitForErrorAsync();
        await EvaluateAsync(collector);
        collector.Time.Advance(TimeSpan.FromMinutes(10));
        await EvaluateAsync(collector);
        var firingWhileRecent = await FloodingAlertsAsync(collector, "firing");
        collector.Time.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1));
        await EvaluateAsync(collector);

        Assert.Equal(StatusCode.ResourceExhausted, refused.StatusCode);
        Assert.Equal(5UL, flooder.LastAck);
        Assert.Equal(1L, firingWhileRecent);
        Assert.Equal(0L, await FloodingAlertsAsync(collector, "firing"));
        Assert.Equal(1L, await FloodingAlertsAsync(collector, "resolved"));
        Assert.Contains("refused 1 observations of this agent", (string)(await collector.ScalarAsync("SELECT detail FROM alerts WHERE rule = 'agent_flooding'"))!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refused_batch_fits_again_once_the_minute_has_passed()
    {
        const int Batch = ObservationLimits.MaxBatchObservations;
        await using var collector = await TestCollector.StartAsync(Quota(Batch, 10 * Batch));
        await using (var first = await collector.ConnectAsync(FlooderId))
        {
            await first.SendBatchAsync(Observations.Batch(1, "early", Batch));
            await first.WaitForAckAsync(1);
            collector.Time.Advance(TimeSpan.FromSeconds(20));
            await first.SendBatchAsync(Observations.Batch(2, "late", 1));
            var refused = await first.WaitForErrorAsync();
            Assert.Equal("40", refused.Trailers.GetValue("retry-after"));
        }

        collector.Time.Advance(TimeSpan.FromSeconds(40));
        await using var second = await collector.ConnectAsync(FlooderId);
        await second.SendBatchAsync(Observations.Batch(1, "late", 1));
        await second.WaitForAckAsync(1);

        Assert.Equal(Batch + 1, await StoredOfAsync(collector, FlooderId));
    }

    [Fact]
    public async Task Over_the_day_quota_the_agent_is_told_to_wait_until_utc_midnight()
    {
        await using var collector = await TestCollector.StartAsync(Quota(ObservationLimits.MaxBatchObservations, 2 * ObservationLimits.MaxBatchObservations));
        await using var agent = await collector.ConnectAsync(FlooderId);
        await agent.SendBatchAsync(Observations.Batch(1, "a", ObservationLimits.MaxBatchObservations));
        await agent.WaitForAckAsync(1);
        collector.Time.Advance(TimeSpan.FromMinutes(1));
        await agent.SendBatchAsync(Observations.Batch(2, "b", ObservationLimits.MaxBatchObservations));
        await agent.WaitForAckAsync(2);
        collector.Time.Advance(TimeSpan.FromMinutes(1));
        await agent.SendBatchAsync(Observations.Batch(3, "c", 1));

        var refused = await agent.WaitForErrorAsync();

        // The test collector's clock stands at 12:02 UTC: midnight is 11 h 58 min away.
        Assert.Equal(StatusCode.ResourceExhausted, refused.StatusCode);
        Assert.Contains("per UTC day (Collector:Limits:ObservationsPerAgentPerDay)", refused.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(((11 * 60) + 58) * 60, int.Parse(refused.Trailers.GetValue("retry-after")!, CultureInfo.InvariantCulture));
        Assert.Equal(2L * ObservationLimits.MaxBatchObservations, await StoredOfAsync(collector, FlooderId));
    }
}
