using System.Diagnostics;
using System.Net;
using BackupHealth.Collector.Limits;
using BackupHealth.Collector.Tests.Support;
using BackupHealth.Collector.Tests.Web;
using BackupHealth.Collector.Web.Auth;
using BackupHealth.Collector.Web.Pages;
using BackupHealth.Testing;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace BackupHealth.Collector.Tests.Limits;

/// <summary>Password hashes run on a bounded number of slots (<c>Collector:Limits:SignInHashConcurrency</c>) with a
/// bounded queue (<c>SignInHashQueue</c>), so sign-ins from many addresses cannot take every core from ingest.</summary>
public sealed class PasswordHashSlotsTests(ITestOutputHelper output)
{
    [LinuxFact]
    public async Task A_flood_from_many_addresses_hashes_on_one_slot_while_an_agent_keeps_being_acknowledged()
    {
        // The limits per address are raised out of the way: 40 addresses here stand for a botnet of thousands, which
        // keeps the hashing busy all the time.
        await using var collector = await TestCollector.StartAsync(s =>
        {
            s["Collector:Limits:SignInHashConcurrency"] = "1";
            s["Collector:Limits:SignInHashQueue"] = "4";
            s["Collector:Limits:SignInAttemptsPerAddress"] = "10000";
            s["Collector:Limits:SignInFailuresPerAddress"] = "10000";
        });
        var slots = collector.App.Services.GetRequiredService<PasswordHashSlots>();
        List<double> quiet;
        await using (var before = await collector.ConnectAsync("hv00"))
        {
            quiet = await AckTimesAsync(before, 1, 10);
        }

        // 40 addresses (127.0.1.1 …), each with its own connection, sign in as fast as the answers come.
        var sessions = Enumerable.Range(1, 40).Select(i => new FormSession(collector.Endpoints.Web, IPAddress.Parse($"127.0.1.{i}"))).ToList();
        var tokens = await Task.WhenAll(sessions.Select(s => s.TokenAsync("/signin")));
        using var stop = new CancellationTokenSource();
        var flood = Task.WhenAll(sessions.Select((session, i) => FloodAsync(session, tokens[i], $"flood-{i}", stop.Token)));
        await Poll.UntilAsync(() => slots.Hashed >= 5, "the flood has made 5 hashes");
        // A stream of its own: a test agent's stream ends after 30 s, and the flood's start took some of that.
        await using var agent = await collector.ConnectAsync("hv01");
        var (cpu, clock, hashed) = (Process.GetCurrentProcess().TotalProcessorTime, Stopwatch.StartNew(), slots.Hashed);
        var during = await AckTimesAsync(agent, 1, 10);
        var (cores, hashesPerSecond) = ((Process.GetCurrentProcess().TotalProcessorTime - cpu) / clock.Elapsed, (slots.Hashed - hashed) / clock.Elapsed.TotalSeconds);
        await stop.CancelAsync();
        var statuses = (await flood).SelectMany(s => s).ToList();

        Assert.Equal(1, slots.PeakRunning);
        Assert.Contains(HttpStatusCode.ServiceUnavailable, statuses);
        // 200: hashed, wrong; 503: no slot, not hashed.
        Assert.All(statuses, s => Assert.True(s is HttpStatusCode.OK or HttpStatusCode.ServiceUnavailable, $"unexpected {s}"));
        Assert.Equal(10UL, agent.LastAck);
        output.WriteLine($"during the acks {hashesPerSecond:F1} hashes/s, this process (collector and clients) {cores:F2} cores; "
            + $"hashes {slots.Hashed}, sign-ins {statuses.Count} ({statuses.Count(s => s == HttpStatusCode.ServiceUnavailable)} answered 503); "
            + $"agent ack ms quiet: median {Median(quiet)}, max {quiet.Max()}; during the flood: median {Median(during)}, max {during.Max()}");
        sessions.ForEach(s => s.Dispose());
    }

    [Fact]
    public async Task With_every_slot_busy_and_the_queue_full_a_sign_in_gets_503_at_once_and_a_queued_one_goes_through_after()
    {
        await using var collector = await TestCollector.StartAsync(s =>
        {
            s["Collector:Limits:SignInHashConcurrency"] = "1";
            s["Collector:Limits:SignInHashQueue"] = "1";
        });
        await WebUsers.EnsureAsync(collector.App.Services, "ann", Roles.Viewer);
        var slots = collector.App.Services.GetRequiredService<PasswordHashSlots>();
        using var release = new ManualResetEventSlim();
        var busy = Task.Run(() => slots.RunAsync(() => Task.FromResult(release.Wait(Poll.DefaultTimeout)), CancellationToken.None));
        await Poll.UntilAsync(() => slots.PeakRunning == 1, "the slot is taken");
        using var queued = new FormSession(collector.Endpoints.Web);
        using var refused = new FormSession(collector.Endpoints.Web);
        var refusedToken = await refused.TokenAsync("/signin");
        var waiting = queued.SignInAsync("ann", WebUsers.Password);
        await Poll.UntilAsync(() => slots.Waiting == 1, "a sign-in waits for the slot");

        using (var response = await refused.PostFormAsync("/signin", refusedToken, ("Username", "ann"), ("Password", WebUsers.Password)))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(5), response.Headers.RetryAfter?.Delta);
            Assert.Contains(SignInModel.BusyProblem, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        release.Set();
        await busy;
        using var signedIn = await waiting;
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
    }

    private static async Task<List<HttpStatusCode>> FloodAsync(FormSession session, string token, string name, CancellationToken stop)
    {
        var statuses = new List<HttpStatusCode>();
        // Bounded: at most 200 sign-ins per address even if the stop never came.
        for (var i = 0; i < 200 && !stop.IsCancellationRequested; i++)
        {
            using var response = await session.PostFormAsync("/signin", token, ("Username", $"{name}-{i}"), ("Password", "a guess at a password"));
            statuses.Add(response.StatusCode);
        }

        return statuses;
    }

    /// <summary>Sends <paramref name="count"/> one-observation batches from <paramref name="first"/> on, one at a time,
    /// and returns how long each took to be acknowledged, in milliseconds.</summary>
    private static async Task<List<double>> AckTimesAsync(TestAgent agent, int first, int count)
    {
        var times = new List<double>();
        for (var sequence = (ulong)first; sequence < (ulong)(first + count); sequence++)
        {
            var clock = Stopwatch.StartNew();
            await agent.SendBatchAsync(Observations.Batch(sequence, Observations.Valid($"ack-{sequence}")));
            await agent.WaitForAckAsync(sequence);
            times.Add(Math.Round(clock.Elapsed.TotalMilliseconds, 1));
        }

        return times;
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);
}
