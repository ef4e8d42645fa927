using System.Security.Authentication;
using BackupHealth.Collector.Alerts;
using BackupHealth.Collector.Limits;
using BackupHealth.Collector.Tests.Support;
using BackupHealth.Contracts.V1;
using BackupHealth.Testing;
using Grpc.Core;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace BackupHealth.Collector.Tests.Limits;

/// <summary>Connections per source address, in all (fitted under the open-file limit beside a reserve for the store),
/// idle ones that only ping, and streams that never say Hello. 20,000 connections once used up every file descriptor:
/// the evaluator and the dispatcher could no longer open the database.</summary>
public sealed class ConnectionLimitTests
{
    /// <summary>Opens connections one after another; those the server closes before the TLS handshake completes are
    /// counted as refused. The open ones are returned to be held.</summary>
    private static async Task<(List<RawHttp2Connection> Open, int Refused)> ConnectAsync(Uri endpoint, int count)
    {
        var open = new List<RawHttp2Connection>();
        var refused = 0;
        for (var i = 0; i < count; i++)
        {
            try
            {
                open.Add(await RawHttp2Connection.OpenAsync(endpoint));
            }
            catch (Exception ex) when (ex is IOException or AuthenticationException)
            {
                refused++;
            }
        }

        return (open, refused);
    }

    private static async Task CloseAllAsync(IEnumerable<RawHttp2Connection> connections)
    {
        foreach (var connection in connections)
        {
            await connection.DisposeAsync();
        }
    }

    [Fact]
    public async Task Connections_from_one_address_over_its_cap_are_closed_before_tls_and_one_ending_makes_room()
    {
        await using var collector = await TestCollector.StartAsync(s => s["Collector:Limits:MaxConnectionsPerAddress"] = "3");

        var (open, refused) = await ConnectAsync(collector.Endpoints.Grpc, 5);
        try
        {
            Assert.Equal(3, open.Count);
            Assert.Equal(2, refused);

            // The web listener counts its own connections.
            using var page = await collector.Anonymous.GetAsync(new Uri("/signin", UriKind.Relative));
            Assert.True(page.IsSuccessStatusCode, page.StatusCode.ToString());

            await open[0].DisposeAsync();
            open.RemoveAt(0);
            var again = await Poll.UntilAsync(() => ConnectAsync(collector.Endpoints.Grpc, 1), r => r.Open.Count == 1, "a place is free again");
            open.AddRange(again.Open);
        }
        finally
        {
            await CloseAllAsync(open);
        }
    }

    [LinuxFact]
    public async Task Under_a_low_open_file_limit_connections_are_capped_to_keep_the_stores_reserve()
    {
        // 300 descriptors, 256 kept for the store: 22 connections per listener instead of 10,000.
        await using var collector = await TestCollector.StartAsync(
            s => s["Collector:Limits:FileDescriptorReserve"] = "256",
            services => services.AddSingleton<IOpenFileLimit>(new FixedOpenFileLimit(300)));
        var kestrel = collector.App.Services.GetRequiredService<IOptions<KestrelServerOptions>>().Value;

        var (open, refused) = await ConnectAsync(collector.Endpoints.Grpc, 40);
        try
        {
            Assert.Equal(22, kestrel.Limits.MaxConcurrentConnections);
            Assert.Equal(22, open.Count);
            Assert.Equal(18, refused);

            // The store still opens for everything that needs it while the connections are held.
            var evaluation = await collector.App.Services.GetRequiredService<AlertEvaluator>().EvaluateOnceAsync(CancellationToken.None);
            Assert.NotNull(evaluation);
            using var agents = await collector.Http.GetAsync(new Uri("/api/v1/agents", UriKind.Relative));
            Assert.True(agents.IsSuccessStatusCode, agents.StatusCode.ToString());
        }
        finally
        {
            await CloseAllAsync(open);
        }

        await using var agent = await Poll.UntilAsync(
            async () => await TryConnectAsync(collector), a => a is not null, "an agent gets in once the connections are gone");
        await agent!.SendCommittedAsync(new AgentMessage { Heartbeat = new Heartbeat() });
    }

    private static async Task<TestAgent?> TryConnectAsync(TestCollector collector)
    {
        try
        {
            return await collector.ConnectAsync("hv01");
        }
        catch (RpcException)
        {
            return null;
        }
    }

    [Fact]
    public async Task A_reserve_that_leaves_no_room_for_connections_stops_the_start_naming_it()
    {
        using var data = new TempDirectory();
        var (app, _, _) = TestCollector.Build(data, s => s["Collector:Limits:FileDescriptorReserve"] = "256",
            services => services.AddSingleton<IOpenFileLimit>(new FixedOpenFileLimit(270)));
        await using var _ = app;

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains(error.Failures, f => f.StartsWith("Collector:Limits:FileDescriptorReserve: 256 leaves room for only 7 connections per listener", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_http2_connection_that_only_pings_is_closed_after_the_keep_alive_timeout_while_a_stream_stays()
    {
        // Kestrel's own keep-alive timeout starts again at every PING: this client would keep its connection for ever.
        var connectionClock = new FakeTimeProvider(TestCollector.StartTime);
        await using var collector = await TestCollector.StartAsync(
            s => s["Collector:Limits:KeepAliveTimeout"] = "00:01:00",
            services => services.AddSingleton(sp => new IdleConnections(
                sp.GetRequiredService<IOptions<LimitsOptions>>(), connectionClock, sp.GetRequiredService<ILogger<IdleConnections>>())));
        await using var agent = await collector.ConnectAsync("hv01");
        await using var connection = await RawHttp2Connection.OpenAsync(collector.Endpoints.Grpc);
        await connection.StartAsync();
        using var deadline = new CancellationTokenSource(Poll.DefaultTimeout);

        var pingedFor = TimeSpan.Zero;
        byte? ended;
        while (true)
        {
            try
            {
                await connection.PingAsync(pingedFor.Ticks);
            }
            catch (IOException)
            {
                ended = null;
                break;
            }

            ended = await connection.NextPingAckOrGoAwayAsync(deadline.Token);
            if (ended != RawHttp2Connection.PingFrame)
            {
                break;
            }

            connectionClock.Advance(TimeSpan.FromSeconds(5));
            pingedFor += TimeSpan.FromSeconds(5);
        }

        // Long enough for a busy connection taken for idle to have been asked to close and then aborted.
        for (var sweep = 0; sweep < 12; sweep++)
        {
            connectionClock.Advance(TimeSpan.FromSeconds(15));
        }

        Assert.True(ended is null or RawHttp2Connection.GoAwayFrame, $"the connection ended with frame {ended}");
        Assert.InRange(pingedFor, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(2));
        await agent.SendCommittedAsync(new AgentMessage { Heartbeat = new Heartbeat() });
    }

    [Fact]
    public async Task An_authenticated_stream_without_a_hello_is_ended_after_the_hello_timeout_and_others_are_not()
    {
        await using var collector = await TestCollector.StartAsync();
        await using var speaking = await collector.ConnectAsync("hv01");
        await using var silent = TestAgent.Open(collector.Client, TestCollector.ContosoToken);
        var ending = silent.WaitForErrorAsync();

        var advanced = TimeSpan.Zero;
        await Poll.UntilAsync(() =>
        {
            collector.Time.Advance(TimeSpan.FromSeconds(1));
            advanced += TimeSpan.FromSeconds(1);
            return ending.IsCompleted;
        }, "the silent stream is ended");
        var error = await ending;

        Assert.Equal(StatusCode.DeadlineExceeded, error.StatusCode);
        Assert.Contains("no Hello within 10 s of opening the stream (Collector:Limits:HelloTimeout)", error.Status.Detail, StringComparison.Ordinal);
        Assert.True(advanced >= TimeSpan.FromSeconds(10), $"ended after {advanced}");
        await speaking.SendCommittedAsync(new AgentMessage { Heartbeat = new Heartbeat() });
    }

    [Fact]
    public void The_soft_open_file_limit_is_read_from_proc_self_limits()
    {
        string[] limits =
        [
            "Limit                     Soft Limit           Hard Limit           Units",
            "Max processes             95470                95470                processes",
            "Max open files            1024                 524288               files",
        ];

        Assert.Equal(1024, ProcOpenFileLimit.Parse(limits));
        Assert.Null(ProcOpenFileLimit.Parse(["Max open files            unlimited            unlimited            files"]));
    }
}
