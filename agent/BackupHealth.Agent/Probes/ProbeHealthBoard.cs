using BackupHealth.Contracts.V1;
using Google.Protobuf.WellKnownTypes;

namespace BackupHealth.Agent.Probes;

/// <summary>The latest health of every probe, for the transport to report on connect and whenever a state changes.</summary>
internal sealed class ProbeHealthBoard(TimeProvider timeProvider)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, ProbeHealth> _latest = new(StringComparer.Ordinal);
    private readonly AsyncSignal _changed = new();

    public void Record(IProbe probe, ProbeResult result)
    {
        ArgumentNullException.ThrowIfNull(probe);
        ArgumentNullException.ThrowIfNull(result);
        var now = Timestamp.FromDateTimeOffset(timeProvider.GetUtcNow());
        bool changed;
        lock (_gate)
        {
            var previous = _latest.GetValueOrDefault(probe.Name);
            var health = new ProbeHealth
            {
                ProbeName = probe.Name,
                ProbeType = probe.Type,
                State = result.State,
                Message = result.Message,
                LastRun = now,
                LastSuccess = result.State == ProbeState.Ok ? now : previous?.LastSuccess,
                ConsecutiveFailures = result.State == ProbeState.Ok ? 0 : (previous?.ConsecutiveFailures ?? 0) + 1,
            };
            _latest[probe.Name] = health;
            changed = previous is null || previous.State != health.State || previous.Message != health.Message;
        }

        if (changed)
        {
            _changed.Set();
        }
    }

    /// <summary>A copy of every probe's latest health, in name order; probes that have not run yet are absent.</summary>
    /// <param name="resetChange">Also forget a pending change signal, which this snapshot already includes.</param>
    public IReadOnlyList<ProbeHealth> Snapshot(bool resetChange = false)
    {
        if (resetChange)
        {
            _changed.Reset();
        }

        lock (_gate)
        {
            return _latest.Values.OrderBy(h => h.ProbeName, StringComparer.Ordinal).Select(h => h.Clone()).ToList();
        }
    }

    public ValueTask WaitForChangeAsync(CancellationToken cancellationToken) => _changed.WaitAsync(cancellationToken);
}
