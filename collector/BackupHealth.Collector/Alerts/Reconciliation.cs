using BackupHealth.Collector.Alerts.Muting;
using BackupHealth.Collector.Expectations;
using BackupHealth.Collector.Model;
using BackupHealth.Collector.Notify;
using BackupHealth.Collector.Rules;
using BackupHealth.Contracts.V1;

namespace BackupHealth.Collector.Alerts;

/// <summary>Brings the alerts in line with one evaluation's findings, inside the evaluator's write transaction, and
/// works out what each site is to be told. Findings are handled in a fixed order (agent_silent first, then by rule
/// and subject) so the same store and time always give the same rows.</summary>
internal sealed class Reconciliation
{
    private const int MaxHeldNamed = 10;
    private const int MaxLastRuns = 5;

    private readonly Store.IAlertTable _table;
    private readonly EvaluationSnapshot _snapshot;
    private readonly MuteRules _mutes;
    private readonly long _now;
    private readonly long _repeatMs;
    private readonly Dictionary<long, (string Customer, string Site)> _sites;
    private readonly Dictionary<long, AgentSnapshot> _agents;
    private readonly Dictionary<long, JobSnapshot> _jobs;
    private readonly BacklogHold _backlog;
    private readonly HashSet<string> _changedCustomers = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Rule, string Subject), RuleFinding> _findings = [];

    public Reconciliation(Store.IAlertTable table, EvaluationSnapshot snapshot, MuteRules mutes, TimeSpan repeatInterval, TimeSpan backlogHold)
    {
        _table = table;
        _snapshot = snapshot;
        _mutes = mutes;
        _now = snapshot.Now.ToUnixTimeMilliseconds();
        _repeatMs = (long)repeatInterval.TotalMilliseconds;
        _sites = table.LoadSiteNames();
        _agents = snapshot.Agents.ToDictionary(a => a.AgentId);
        _jobs = snapshot.Jobs.ToDictionary(j => j.JobId);
        _backlog = new BacklogHold(snapshot, backlogHold);
    }

    /// <summary>After <see cref="Run"/>: the customers an alert was opened or resolved for, whose pages changed.</summary>
    public IReadOnlySet<string> ChangedCustomers => _changedCustomers;

    public (IReadOnlyList<SiteNotification> Notifications, int Opened, int Resolved) Run(
        IReadOnlyCollection<RuleFinding> findings, IReadOnlySet<string> failedRules)
    {
        var open = _table.LoadOpen();
        var silentAgents = new Dictionary<long, long>();
        var held = new List<AlertRecord>();
        var changes = new List<(AlertRecord Alert, AlertChangeKind Kind)>();
        var opened = 0;
        foreach (var finding in InOrder(findings))
        {
            _findings[(finding.Rule, finding.Subject)] = finding;
            if (_backlog.Waits(finding.Subject, finding.SiteId, finding.AgentId))
            {
                // Judged once its agent's backlog is in: an open alert stays as it is, a new one is not opened.
                open.Remove((finding.Rule, finding.Subject));
                continue;
            }

            long? heldBy = finding.Rule != WellKnownRules.AgentSilent && finding.AgentId is { } agentId
                && silentAgents.TryGetValue(agentId, out var holder) ? holder : null;
            var muted = _mutes.Mutes(Target(finding.Rule, finding.SiteId, finding.AgentId, finding.JobId));
            var isNew = !open.Remove((finding.Rule, finding.Subject), out var existing);
            var alert = existing is null
                ? _table.Insert(finding, _now, muted, heldBy, _table.ResolvedByPersonBefore(finding.Rule, finding.Subject))
                : _table.Update(existing, finding, _now, muted, heldBy);
            if (isNew)
            {
                opened++;
                ChangedSite(finding.SiteId);
            }

            if (finding.Rule == WellKnownRules.AgentSilent && finding.AgentId is { } silent)
            {
                silentAgents[silent] = alert.Id;
            }

            if (heldBy is not null)
            {
                held.Add(alert);
            }

            if (Decide(alert, isNew) is { } kind)
            {
                _table.MarkFiringNotified(alert.Id, _now);
                changes.Add((alert, kind));
            }
        }

        // A rule that failed said nothing about its conditions: its alerts stay as they are rather than resolve.
        // Nor does an alert whose judgement waits for its agent's backlog.
        var cleared = open.Values.Where(a => !failedRules.Contains(a.Rule) && !_backlog.Waits(a.Subject, a.SiteId, a.AgentId))
            .OrderBy(a => a.Id).ToList();
        foreach (var alert in cleared)
        {
            _table.ResolveCleared(alert.Id, _now, Resolution(alert));
            ChangedSite(alert.SiteId);
        }

        // Cleared just now or resolved by a person since the last evaluation, once their firing was told.
        foreach (var alert in _table.LoadResolvePending())
        {
            _table.MarkResolveNotified(alert.Id);
            changes.Add((alert, AlertChangeKind.Resolved));
        }

        // Acknowledged by a person since the last evaluation, once their firing was told.
        foreach (var alert in _table.LoadAckPending())
        {
            _table.MarkAckNotified(alert.Id);
            changes.Add((alert, AlertChangeKind.Acknowledged));
        }

        return (Group(changes, held), opened, cleared.Count);
    }

    private void ChangedSite(long siteId)
    {
        if (_sites.TryGetValue(siteId, out var names))
        {
            _changedCustomers.Add(names.Customer);
        }
    }

    private static IEnumerable<RuleFinding> InOrder(IEnumerable<RuleFinding> findings) => findings
        .OrderBy(f => f.Rule == WellKnownRules.AgentSilent ? 0 : 1)
        .ThenBy(f => f.Rule, StringComparer.Ordinal)
        .ThenBy(f => f.Subject, StringComparer.Ordinal);

    /// <summary>What a still-firing alert is to be told as, if anything. Muted and held alerts wait; acknowledged
    /// alerts are known to a person and stay quiet.</summary>
    private AlertChangeKind? Decide(AlertRecord alert, bool isNew)
    {
        if (alert.Muted || alert.HeldBy is not null || alert.State != AlertStates.Firing)
        {
            return null;
        }

        if (!alert.NotifiedFired)
        {
            return isNew ? AlertChangeKind.Fired : AlertChangeKind.Released;
        }

        return alert.LastNotifiedAt is { } last && _now - last >= _repeatMs ? AlertChangeKind.Repeated : null;
    }

    private List<SiteNotification> Group(List<(AlertRecord Alert, AlertChangeKind Kind)> changes, List<AlertRecord> held) => changes
        .GroupBy(c => c.Alert.SiteId)
        .OrderBy(g => g.Key)
        .Select(g =>
        {
            var (customer, site) = _sites.GetValueOrDefault(g.Key, ("", ""));
            return new SiteNotification(g.Key, customer, site, _snapshot.Now,
                g.OrderBy(c => c.Alert.Id).ThenBy(c => c.Kind).Select(c => Change(c.Alert, c.Kind, held)).ToList());
        })
        .ToList();

    private AlertChange Change(AlertRecord alert, AlertChangeKind kind, List<AlertRecord> held)
    {
        var job = alert.JobId is { } jobId ? _jobs.GetValueOrDefault(jobId) : null;
        var agent = (alert.AgentId ?? job?.AgentId) is { } agentId ? _agents.GetValueOrDefault(agentId) : null;
        var detail = kind == AlertChangeKind.Resolved ? alert.Detail : alert.Detail + HeldBackLine(alert.Id, held);
        var lastRuns = job?.Runs.Take(MaxLastRuns).Select(Summary).ToList() ?? [];
        var newest = job is { Runs.Count: > 0 } ? job.Runs[0] : null;
        return new AlertChange(alert.Id, AlertKeys.Of(alert.Id), alert.Rule, alert.Subject, SeverityNames.Parse(alert.Severity),
            kind, alert.Title, detail, agent?.AgentKey ?? job?.AgentKey, job?.Name, Store.UnixMs.ToOffset(alert.FiredAt),
            alert.ResolvedAt is { } resolved ? Store.UnixMs.ToOffset(resolved) : null, lastRuns)
        {
            JobId = alert.JobId,
            SourceKind = job?.SourceKind ?? ProbeType(agent, alert.Subject),
            HostName = string.IsNullOrWhiteSpace(agent?.HostName) ? null : agent.HostName,
            Location = newest is null ? null : newest.Location ?? newest.Target?.ProtectedObject,
            Since = Since(alert, job, agent),
            LastSuccess = job is null ? null : CompletedRuns.Last(job.Runs),
            LastHeard = agent?.LastSeen,
            DueBy = _findings.GetValueOrDefault((alert.Rule, alert.Subject))?.DueBy,
            AcknowledgedBy = alert.AcknowledgedBy,
            AcknowledgeComment = alert.AckComment,
            ResolvedBy = kind == AlertChangeKind.Resolved && alert.ResolvedByPerson ? alert.ResolvedBy : null,
            ResolveComment = kind == AlertChangeKind.Resolved && alert.ResolvedByPerson ? alert.ResolvedComment : null,
            ResolvingRun = kind == AlertChangeKind.Resolved && !alert.ResolvedByPerson ? ResolvingRun(job) : null,
            Reopens = kind is AlertChangeKind.Fired or AlertChangeKind.Released && alert.Reopens is { } before ? _table.Resolve(before) : null,
            EventId = FormattableString.Invariant($"bh-{alert.Id}-{NotificationText.ChangeName(kind)}-{_now}"),
        };
    }

    private static RunSummary Summary(RunRecord r) => new(r.Status, r.RunTime, r.Start, r.End, r.SizeBytes, r.Message);

    /// <summary>The newest run of the job, when it succeeded: the run that cleared a job's alert.</summary>
    private static RunSummary? ResolvingRun(JobSnapshot? job) =>
        job is { Runs.Count: > 0 } && CompletedRuns.IsCompleted(job.Runs[0]) ? Summary(job.Runs[0]) : null;

    /// <summary>Why a cleared alert resolved, in words, as the alert page shows it.</summary>
    private string Resolution(AlertRecord alert)
    {
        var job = alert.JobId is { } jobId ? _jobs.GetValueOrDefault(jobId) : null;
        return ResolvingRun(job) is { } run
            ? $"the run of {RuleText.Time(run.RunTime)} {(run.Status == RunStatus.Warning ? "succeeded with warnings" : "succeeded")}, {Figures.Size(run.SizeBytes)}"
            : RuleGuide.Cleared(alert.Rule);
    }

    /// <summary>Since when the problem has been there by the source's clock: the first of the failed runs since the last
    /// completed one, a missed job's last success, when a silent agent was last heard. Null: since it fired.</summary>
    private static DateTimeOffset? Since(AlertRecord alert, JobSnapshot? job, AgentSnapshot? agent)
    {
        if (alert.Rule == WellKnownRules.AgentSilent)
        {
            return agent?.LastSeen;
        }

        if (job is null || job.Runs.Count == 0)
        {
            return null;
        }

        var failing = job.Runs.TakeWhile(r => !CompletedRuns.IsCompleted(r) && r.Status != RunStatus.Running).LastOrDefault();
        return failing?.RunTime ?? (alert.Rule == JobMissedRule.RuleId ? CompletedRuns.Last(job.Runs) : null);
    }

    /// <summary>A probe alert's source kind is its probe's type (<c>probe:&lt;agent&gt;:&lt;name&gt;</c>).</summary>
    private static string? ProbeType(AgentSnapshot? agent, string subject) =>
        agent?.Probes.FirstOrDefault(p => subject == Subjects.Probe(agent.AgentId, p.Name))?.Type;

    /// <summary>Names the alerts an agent alert holds back, so one message tells the whole story.</summary>
    private static string HeldBackLine(long holderId, List<AlertRecord> held)
    {
        var titles = held.Where(h => h.HeldBy == holderId).OrderBy(h => h.Id).Select(h => h.Title).ToList();
        if (titles.Count == 0)
        {
            return "";
        }

        var named = string.Join("; ", titles.Take(MaxHeldNamed));
        var more = titles.Count > MaxHeldNamed ? $"; and {titles.Count - MaxHeldNamed} more" : "";
        var noun = titles.Count == 1 ? "alert" : "alerts";
        return $"\n{titles.Count} {noun} of this agent held back while it is silent: {named}{more}";
    }

    private MuteTarget Target(string rule, long siteId, long? agentId, long? jobId)
    {
        var (customer, site) = _sites.GetValueOrDefault(siteId, ("", ""));
        var job = jobId is { } j ? _jobs.GetValueOrDefault(j) : null;
        var agentKey = agentId is { } a && _agents.TryGetValue(a, out var agent) ? agent.AgentKey : job?.AgentKey;
        return new MuteTarget(rule, siteId, customer, site, agentKey, jobId, job?.JobKey);
    }
}
