namespace BackupHealth.Benchmarks.Soak;

/// <summary>Ack latencies (ms) collected since the last <see cref="Take"/>, from many agents at once.</summary>
internal sealed class LatencyWindow
{
    private readonly Lock _lock = new();
    private List<double> _values = [];

    public void Add(double milliseconds)
    {
        lock (_lock)
        {
            _values.Add(milliseconds);
        }
    }

    /// <summary>The values since the last call, sorted, and a fresh window.</summary>
    public double[] Take()
    {
        List<double> taken;
        lock (_lock)
        {
            taken = _values;
            _values = [];
        }

        var sorted = taken.ToArray();
        Array.Sort(sorted);
        return sorted;
    }

    public static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
}
