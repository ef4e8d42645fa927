using System.Diagnostics;
using System.Globalization;
using BackupHealth.Collector.Tests.Support;

namespace BackupHealth.Collector.Tests.Limits;

/// <summary>Times from sending a one-observation batch to its ack, for a well-behaved agent, one batch at a time.</summary>
internal sealed class AckLatency
{
    private readonly List<double> _milliseconds = [];

    public static async Task<AckLatency> MeasureAsync(TestAgent agent, string idPrefix, int rounds)
    {
        var latency = new AckLatency();
        for (var i = 0; i < rounds; i++)
        {
            var sequence = agent.LastAck + 1;
            var clock = Stopwatch.StartNew();
            await agent.SendBatchAsync(Observations.Batch(sequence, Observations.Valid($"{idPrefix}-{i}")));
            await agent.WaitForAckAsync(sequence);
            latency._milliseconds.Add(clock.Elapsed.TotalMilliseconds);
        }

        return latency;
    }

    public int Count => _milliseconds.Count;

    public double Percentile(double p)
    {
        var sorted = _milliseconds.Order().ToList();
        return sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Count) - 1, 0, sorted.Count - 1)];
    }

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"p50 {Percentile(50):0.0} ms, p99 {Percentile(99):0.0} ms, max {Percentile(100):0.0} ms over {Count} acks");
}
