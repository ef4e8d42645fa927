using System.Globalization;
using Grpc.Core;
using Grpc.Net.Client;

namespace BackupHealth.Benchmarks.Soak;

/// <summary>The <c>soak</c> scenario: the collector in its own process under a thousand agents at a realistic rate
/// for half an hour, first alone (the baseline), then with one flooding agent and a stream of wrong sign-ins from one
/// address added. Every sample prints the other agents' ack latency, what the flooder and the guesser got, and the
/// collector's memory and open descriptors.</summary>
internal static class SoakBenchmark
{
    /// <summary>Observations per agent per <see cref="Period"/>: 4 a minute is 5,760 a day, the "few thousand
    /// facts a day" of a busy real agent.</summary>
    private const int PerBatch = 4;

    private static readonly TimeSpan Period = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan Sample = TimeSpan.FromSeconds(30);

    public static async Task RunAsync(BenchOptions options)
    {
        var total = TimeSpan.FromMinutes(options.SoakMinutes);
        var quiet = TimeSpan.FromMinutes(Math.Min(options.SoakQuietMinutes, options.SoakMinutes));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"soak: {options.SoakAgents} agents × {PerBatch} observations/{Period.TotalSeconds:F0} s for {total.TotalMinutes:0.#} min; from minute {quiet.TotalMinutes:0.#} on also one flooding agent and {options.SignInsPerSecond} wrong sign-ins/s from one address"));
        await using var collector = await SoakCollector.StartAsync();
        using var stop = new CancellationTokenSource();
        var latencies = new LatencyWindow();
        var failures = new int[1];
        var channels = Enumerable.Range(0, options.SoakAgents)
            .Select(i => GrpcChannel.ForAddress(collector.GrpcUri, new GrpcChannelOptions { HttpHandler = LoopbackAddresses.Handler(LoopbackAddresses.ForAgent(i)) }))
            .ToList();
        var agents = channels.Select((channel, i) => SteadyAgentAsync(channel, $"soak-agent-{i:D4}", latencies, failures, stop.Token)).ToList();
        using var flooder = new Flooder(collector.GrpcUri);
        using var guesser = new SignInAttempts(collector.WebUri, options.SignInsPerSecond);
        var attacks = new List<Task>();

        Console.WriteLine("| minute | phase | acks | ack p50 (ms) | ack p99 (ms) | ack max (ms) | agent errors | flooder stored | flooder refused | sign-ins answered | collector RSS (MiB) | descriptors |");
        Console.WriteLine("|---:|---|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|");
        var started = DateTimeOffset.UtcNow;
        using var tick = new PeriodicTimer(Sample);
        while (await tick.WaitForNextTickAsync())
        {
            var elapsed = DateTimeOffset.UtcNow - started;
            var phase = attacks.Count == 0 ? "quiet" : "attacked"; // of the window that just ended
            if (attacks.Count == 0 && elapsed >= quiet)
            {
                attacks.Add(flooder.RunAsync(stop.Token));
                attacks.Add(guesser.RunAsync(stop.Token));
            }

            var acks = latencies.Take();
            var (stored, refusals) = flooder.Take();
            var (answers, skipped) = guesser.Take();
            var (rss, descriptors) = collector.Footprint();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {elapsed.TotalMinutes:F1} | {phase} | {acks.Length} | {LatencyWindow.Percentile(acks, 0.5):F1} | {LatencyWindow.Percentile(acks, 0.99):F1} | {(acks.Length == 0 ? double.NaN : acks[^1]):F1} | {Interlocked.Exchange(ref failures[0], 0)} | {stored} | {Counts(refusals)} | {Counts(answers)}{(skipped > 0 ? $", {skipped} not sent" : "")} | {rss / 1048576.0:F0} | {descriptors} |"));
            if (elapsed >= total)
            {
                break;
            }
        }

        await stop.CancelAsync();
        await Task.WhenAll(agents.Concat(attacks).Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default)));
        channels.ForEach(c => c.Dispose());
    }

    private static string Counts<TKey>(IReadOnlyDictionary<TKey, int> counts) where TKey : notnull =>
        counts.Count == 0 ? "0" : string.Join(", ", counts.OrderBy(c => c.Key.ToString(), StringComparer.Ordinal).Select(c => $"{c.Key}: {c.Value}"));

    /// <summary>Connects (at a random moment of the first period, as agents of a real fleet are spread), then sends a
    /// batch every period; reconnects after a second on any error, which is counted.</summary>
    private static async Task SteadyAgentAsync(GrpcChannel channel, string agentId, LatencyWindow latencies, int[] failures, CancellationToken cancellationToken)
    {
        var offset = TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * Period.TotalMilliseconds);
        await Task.Delay(offset, cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
        using var stream = new SoakStream(channel, agentId);
        using var tick = new PeriodicTimer(Period);
        var connected = false;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                if (!connected)
                {
                    await stream.ConnectAsync(cancellationToken);
                    connected = true;
                }

                latencies.Add(await stream.SendAsync(PerBatch, cancellationToken));
                await tick.WaitForNextTickAsync(cancellationToken);
            }
            catch (RpcException) when (!cancellationToken.IsCancellationRequested)
            {
                connected = false;
                Interlocked.Increment(ref failures[0]);
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
        }
    }
}
