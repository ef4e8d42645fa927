using BackupHealth.Collector.Telemetry;
using Microsoft.Extensions.Logging;

namespace BackupHealth.Collector.Ingest;

/// <summary>Logs refused ingest streams at most once a minute per source address: the first refusal at once, then one
/// line with the count of those refused since, when a minute has passed. A misconfigured agent, or somebody trying
/// tokens, refused a thousand times a second is one line a minute, not a thousand a second. Memory is bounded: at
/// most <see cref="MaxAddresses"/> addresses are tracked; refusals from more addresses than that are counted together
/// in one line a minute. Time comes from the <see cref="TimeProvider"/>.</summary>
internal sealed class RefusedStreamLog : IDisposable
{
    public const int MaxAddresses = 10_000;
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    // A summary is due a minute after an address's last line; looking four times a minute keeps it at most 15 s late.
    private static readonly TimeSpan SweepEvery = Interval / 4;

    private readonly TimeProvider _time;
    private readonly ILogger<RefusedStreamLog> _logger;
    private readonly Dictionary<string, Quiet> _quiet = [];
    private readonly Lock _lock = new();
    private readonly ITimer _sweep;
    private int _untracked;
    private DateTimeOffset _untrackedSince;

    public RefusedStreamLog(TimeProvider time, ILogger<RefusedStreamLog> logger)
    {
        _time = time;
        _logger = logger;
        _sweep = time.CreateTimer(_ => Sweep(), null, SweepEvery, SweepEvery);
    }

    public void Refused(string address, string reason)
    {
        lock (_lock)
        {
            if (_quiet.TryGetValue(address, out var quiet))
            {
                quiet.Count++;
                quiet.LastReason = reason;
                return;
            }

            if (_quiet.Count >= MaxAddresses)
            {
                if (_untracked++ == 0)
                {
                    _untrackedSince = _time.GetUtcNow();
                }

                return;
            }

            _quiet[address] = new Quiet(_time.GetUtcNow());
        }

        Log.AgentRefused(_logger, address, LogText.Printable(reason, LogText.MaxLength * 2));
    }

    public void Dispose() => _sweep.Dispose();

    private void Sweep()
    {
        var now = _time.GetUtcNow();
        var due = new List<(string Address, int Count, string Reason)>();
        int untracked;
        lock (_lock)
        {
            foreach (var (address, quiet) in _quiet)
            {
                if (now - quiet.Since < Interval)
                {
                    continue;
                }

                if (quiet.Count == 0)
                {
                    // A minute without a refusal: the next one is news again.
                    _quiet.Remove(address);
                    continue;
                }

                due.Add((address, quiet.Count, quiet.LastReason));
                quiet.Since = now;
                quiet.Count = 0;
            }

            untracked = now - _untrackedSince >= Interval ? _untracked : 0;
            if (untracked > 0)
            {
                _untracked = 0;
            }
        }

        foreach (var (address, count, reason) in due)
        {
            Log.AgentRefusedAgain(_logger, count, address, Interval, LogText.Printable(reason, LogText.MaxLength * 2));
        }

        if (untracked > 0)
        {
            Log.AgentRefusedElsewhere(_logger, untracked, MaxAddresses);
        }
    }

    private sealed class Quiet(DateTimeOffset since)
    {
        public DateTimeOffset Since { get; set; } = since;

        public int Count { get; set; }

        public string LastReason { get; set; } = "";
    }
}
