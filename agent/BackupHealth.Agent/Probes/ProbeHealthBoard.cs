using BackupHealth.Contracts.V1;
using Google.Protobuf.WellKnownTypes;

namespace BackupHealth.Agent.Probes;

/// <summary>The latest health of every probe, and the latest job list of every probe that lists its jobs, for the
/// transport to report on connect and whenever either changes.</summary>
internal sealed class ProbeHealthBoard(TimeProvider timeProvider)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, ProbeHealth> _latest = new(StringComparer.Ordinal);
    private readonly Dictionary<string, JobListReport> _jobLists = new(StringComparer.Ordinal);
    private readonly Dictionary<string, InventoryReport> _inventories = new(StringComparer.Ordinal);
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
            foreach (var (key, value) in result.Details ?? new Dictionary<string, string>())
            {
                health.Details[key] = value;
            }

            _latest[probe.Name] = health;
            changed = previous is null || previous.State != health.State || previous.Message != health.Message
                || !previous.Details.Equals(health.Details);
            changed |= RecordJobs(probe.Name, result.Jobs, now);
            changed |= RecordInventory(probe.Name, result.Inventory, now);
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

    /// <summary>Every probe's latest run, in name order, for each heartbeat: small, so sent whether or not anything
    /// changed. Probes that have not run yet are absent.</summary>
    public IReadOnlyList<ProbeRunStatus> RunStatuses()
    {
        lock (_gate)
        {
            return _latest.Values.OrderBy(h => h.ProbeName, StringComparer.Ordinal).Select(h => new ProbeRunStatus
            {
                ProbeName = h.ProbeName,
                LastRun = h.LastRun,
                LastSuccess = h.LastSuccess,
                ConsecutiveFailures = h.ConsecutiveFailures,
            }).ToList();
        }
    }

    /// <summary>A copy of every probe's latest job list, in probe name order.</summary>
    public IReadOnlyList<JobListReport> JobLists()
    {
        lock (_gate)
        {
            return _jobLists.Values.OrderBy(r => r.ProbeName, StringComparer.Ordinal).Select(r => r.Clone()).ToList();
        }
    }

    /// <summary>A copy of every hypervisor probe's latest inventory, in probe name order.</summary>
    public IReadOnlyList<InventoryReport> Inventories()
    {
        lock (_gate)
        {
            return _inventories.Values.OrderBy(r => r.ProbeName, StringComparer.Ordinal).Select(r => r.Clone()).ToList();
        }
    }

    public ValueTask WaitForChangeAsync(CancellationToken cancellationToken) => _changed.WaitAsync(cancellationToken);

    private bool RecordJobs(string probeName, IReadOnlyList<JobListing>? jobs, Timestamp now)
    {
        if (jobs is null)
        {
            return false;
        }

        var report = new JobListReport { ProbeName = probeName, TakenAt = now };
        report.Jobs.AddRange(jobs.OrderBy(j => j.JobKey, StringComparer.Ordinal));
        var previous = _jobLists.GetValueOrDefault(probeName);
        _jobLists[probeName] = report;
        return previous is null || !previous.Jobs.Equals(report.Jobs);
    }

    private bool RecordInventory(string probeName, ProbeInventory? inventory, Timestamp now)
    {
        if (inventory is null)
        {
            return false;
        }

        var report = new InventoryReport { ProbeName = probeName, Hypervisor = inventory.Hypervisor, TakenAt = now };
        report.Items.AddRange(inventory.Items.OrderBy(i => i.Id, StringComparer.Ordinal));
        var previous = _inventories.GetValueOrDefault(probeName);
        _inventories[probeName] = report;
        return previous is null || previous.Hypervisor != report.Hypervisor || !previous.Items.Equals(report.Items);
    }
}
