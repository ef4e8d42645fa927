using BackupHealth.Collector.Limits;
using BackupHealth.Collector.Tests.Support;
using BackupHealth.Contracts.V1;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;

namespace BackupHealth.Collector.Tests.Limits;

/// <summary>Open ingest streams per agent (<c>Collector:Limits:MaxStreamsPerAgent</c>: a newer stream ends the
/// oldest) and in all (<c>Collector:Limits:MaxStreams</c>: one more is refused).</summary>
public sealed class StreamLimitTests
{
    [Fact]
    public async Task A_third_stream_of_an_agent_ends_its_oldest_and_the_two_newest_keep_working()
    {
        await using var collector = await TestCollector.StartAsync();
        await using var first = await collector.ConnectAsync("hv01");
        await using var second = await collector.ConnectAsync("hv01");

        await using var third = await collector.ConnectAsync("hv01");

        var ended = await first.WaitForErrorAsync();
        Assert.Equal(StatusCode.Aborted, ended.StatusCode);
        Assert.Contains("a newer stream of this agent replaced this one", ended.Status.Detail, StringComparison.Ordinal);
        await second.SendCommittedAsync(new AgentMessage { Heartbeat = new Heartbeat() });
        await third.SendCommittedAsync(new AgentMessage { Heartbeat = new Heartbeat() });
        Assert.Equal(2, collector.App.Services.GetRequiredService<StreamRegistry>().Count);
    }

    [Fact]
    public async Task Over_the_total_a_new_agent_is_refused_but_a_reconnecting_one_takes_its_own_place()
    {
        await using var collector = await TestCollector.StartAsync(s =>
        {
            s["Collector:Limits:MaxStreams"] = "2";
            s["Collector:Limits:MaxStreamsPerAgent"] = "1";
        });
        await using var hv01 = await collector.ConnectAsync("hv01");
        await using var hv02 = await collector.ConnectAsync("hv02");

        var refused = await TestAgent.RefusedAsync(collector.Client, TestCollector.ContosoToken, "hv03");
        await using var hv01Again = await collector.ConnectAsync("hv01");

        Assert.Equal(StatusCode.ResourceExhausted, refused.StatusCode);
        Assert.Equal(StatusCode.Aborted, (await hv01.WaitForErrorAsync()).StatusCode);
        Assert.Equal(0L, await collector.CountAsync("SELECT count(*) FROM agents WHERE agent_key = 'hv03'"));
    }

    [Fact]
    public async Task A_closed_stream_frees_its_place()
    {
        await using var collector = await TestCollector.StartAsync(s =>
        {
            s["Collector:Limits:MaxStreams"] = "1";
            s["Collector:Limits:MaxStreamsPerAgent"] = "1";
        });
        await using (var hv01 = await collector.ConnectAsync("hv01"))
        {
            await hv01.CompleteAsync();
        }

        await using var hv02 = await collector.ConnectAsync("hv02");
        Assert.Equal("Head office", hv02.Welcome.Site);
    }
}
