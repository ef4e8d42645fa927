using System.Globalization;
using BackupHealth.Agent.Probes.Shared.Http;
using BackupHealth.Agent.Probes.ProxmoxVzdump;
using BackupHealth.Agent.Probes.Shared.State;
using BackupHealth.Contracts.V1;
using Microsoft.Extensions.Logging;

namespace BackupHealth.Agent.Probes.ProxmoxApi;

/// <summary>Reads a Proxmox VE cluster through its API with an API token: its guests as inventory, and each node's
/// vzdump tasks, split per guest by reading each new task's log with the <c>proxmox-vzdump</c> parser.</summary>
internal sealed class ProxmoxApiProbe : IProbe, IDisposable
{
    public const string TypeName = "proxmox";
    public const string SourceKind = "proxmox.api";
    public const string Hypervisor = "proxmox";

    /// <summary>A guard against a server that keeps answering full pages for ever.</summary>
    private const int MaxPages = 1000;

    private static readonly TimeSpan ForgetMargin = TimeSpan.FromDays(1);

    private readonly ProxmoxApiProbeOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly IProbeStateStore _state;
    private readonly ILogger _logger;
    private readonly ProxmoxApiClient _client;

    public ProxmoxApiProbe(ProxmoxApiProbeOptions options, TimeProvider timeProvider, IProbeStateStore state, ILogger<ProxmoxApiProbe> logger)
    {
        _options = options;
        _timeProvider = timeProvider;
        _state = state;
        _logger = logger;
        _client = ProxmoxApiClient.ForVirtualEnvironment(options);
    }

    public string Name => _options.Name;

    public string Type => TypeName;

    public ValueTask<ProbeResult> RunAsync(CancellationToken cancellationToken) =>
        ApiProbeErrors.RunAsync($"Proxmox VE API at {_options.ShownUrl}", _options, ReadAsync, cancellationToken);

    public void Dispose() => _client.Dispose();

    private async Task<ProbeResult> ReadAsync(CancellationToken cancellationToken)
    {
        var now = _timeProvider.GetUtcNow();
        var since = now - _options.Lookback;
        var resources = (await _client.GetAsync("api2/json/cluster/resources?type=vm", ProxmoxApiJsonContext.Default.ProxmoxDataListPveResource, cancellationToken)).Data!;
        var guests = resources
            .Where(r => r.Type is "qemu" or "lxc" && r.Vmid is not null && !string.IsNullOrEmpty(r.Node))
            .ToList();
        var namesByVmid = guests
            .Where(g => !string.IsNullOrEmpty(g.Name))
            .GroupBy(g => g.Vmid!.Value.ToString(CultureInfo.InvariantCulture), StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First().Name!, StringComparer.Ordinal);

        var seen = _state.Load(ProxmoxApiJsonContext.Default.VzdumpSeenTasks) ?? new VzdumpSeenTasks();
        var observations = new List<Observation>();
        var nodes = await NodesAsync(cancellationToken);
        var zones = new Dictionary<string, NodeZone>(StringComparer.Ordinal);
        var taskCount = 0;
        foreach (var node in nodes)
        {
            var tasks = await TasksAsync(node, since, cancellationToken);
            taskCount += tasks.Count;
            VzdumpRunMapper? mapper = null;
            foreach (var task in tasks.Where(t => !seen.IsDone(t)))
            {
                var log = await TaskLogAsync(node, task, cancellationToken);
                mapper ??= new VzdumpRunMapper(_options.Name, SourceKind, (await NodeZoneAsync(node, zones, cancellationToken)).Zone);
                var runs = mapper.Map(task, log, now);
                foreach (var run in seen.TakeNew(task, runs))
                {
                    NameFromInventory(run.Observation, namesByVmid);
                    observations.Add(run.Observation);
                }
            }
        }

        seen.ForgetOlderThan(since - ForgetMargin);
        _state.Save(seen, ProxmoxApiJsonContext.Default.VzdumpSeenTasks);
        var jobs = await JobsAsync(guests, nodes, zones, cancellationToken);
        var inventory = Inventory(guests);
        Log.ProxmoxApiRead(_logger, _options.Name, inventory.Items.Count, taskCount, nodes.Count, _options.ShownUrl, observations.Count);
        return ProbeResult.Ok(observations, jobs) with { Inventory = inventory };
    }

    /// <summary>The backup jobs (<c>GET /cluster/backup</c>) as one listing per guest they cover on the nodes whose
    /// tasks the probe reads (see <see cref="VzdumpJobListings"/>), each stated in its node's zone.</summary>
    private async Task<List<JobListing>> JobsAsync(List<PveResource> resources, List<string> nodes, Dictionary<string, NodeZone> zones, CancellationToken cancellationToken)
    {
        var answer = (await _client.GetAsync("api2/json/cluster/backup", ProxmoxApiJsonContext.Default.ProxmoxDataListPveBackupJob, cancellationToken)).Data!;
        var jobs = answer
            .Where(j => !string.IsNullOrEmpty(j.Id))
            .Select(j => new VzdumpBackupJob(
                j.Id!, j.Schedule, j.Enabled, VzdumpBackupJob.SplitList(j.Vmid), j.All, VzdumpBackupJob.SplitList(j.Exclude), j.Pool, j.Node,
                j.NextRun is { } next ? DateTimeOffset.FromUnixTimeSeconds(next) : null))
            .ToList();
        var guests = resources
            .Select(g => new VzdumpGuest(g.Vmid!.Value.ToString(CultureInfo.InvariantCulture), g.Node!, string.IsNullOrEmpty(g.Pool) ? null : g.Pool))
            .ToList();
        var inScope = nodes.ToHashSet(StringComparer.Ordinal);
        foreach (var node in guests.Select(g => g.Node).Where(inScope.Contains).Distinct().Where(_ => jobs.Count > 0))
        {
            await NodeZoneAsync(node, zones, cancellationToken);
        }

        return VzdumpJobListings.Build(_options.Name, SourceKind, jobs, guests, node => zones.GetValueOrDefault(node)?.Id, inScope.Contains);
    }

    private async Task<List<string>> NodesAsync(CancellationToken cancellationToken)
    {
        if (_options.Nodes.Count > 0)
        {
            return _options.Nodes;
        }

        var nodes = (await _client.GetAsync("api2/json/nodes", ProxmoxApiJsonContext.Default.ProxmoxDataListPveNode, cancellationToken)).Data!;
        var online = new List<string>();
        foreach (var node in nodes.Where(n => !string.IsNullOrEmpty(n.Node)).OrderBy(n => n.Node, StringComparer.Ordinal))
        {
            if (node.Status == "online")
            {
                online.Add(node.Node!);
            }
            else
            {
                Log.ProxmoxNodeSkipped(_logger, _options.Name, node.Node!, node.Status ?? "unknown");
            }
        }

        return online;
    }

    /// <summary>Finished tasks from the node's task archive, page by page (<c>start</c>/<c>limit</c>), then the
    /// running ones (<c>source=active</c>, a short list the archive paging does not cover).</summary>
    private async Task<List<VzdumpTask>> TasksAsync(string node, DateTimeOffset since, CancellationToken cancellationToken)
    {
        var path = $"api2/json/nodes/{Uri.EscapeDataString(node)}/tasks?typefilter={VzdumpTaskIndex.TaskType}&since={since.ToUnixTimeSeconds()}";
        var byUpid = new Dictionary<string, VzdumpTask>(StringComparer.Ordinal);
        for (var (start, page) = (0, 0); page < MaxPages; page++)
        {
            var answer = await _client.GetAsync(
                string.Create(CultureInfo.InvariantCulture, $"{path}&source=archive&start={start}&limit={_options.PageSize}"),
                ProxmoxApiJsonContext.Default.ProxmoxDataListPveTask, cancellationToken);
            var entries = answer.Data!;
            foreach (var entry in entries)
            {
                if (ToTask(entry) is { } task)
                {
                    byUpid[task.Upid.Text] = task;
                }
            }

            start += entries.Count;
            if (entries.Count < _options.PageSize || (answer.Total is { } total && start >= total))
            {
                break;
            }
        }

        var active = (await _client.GetAsync($"{path}&source=active", ProxmoxApiJsonContext.Default.ProxmoxDataListPveTask, cancellationToken)).Data!;
        foreach (var entry in active)
        {
            if (ToTask(entry) is { } task && !byUpid.ContainsKey(task.Upid.Text))
            {
                byUpid[task.Upid.Text] = task;
            }
        }

        return byUpid.Values.Where(t => t.Upid.Start >= since).OrderBy(t => t.Upid.Start).ToList();
    }

    private static VzdumpTask? ToTask(PveTask entry)
    {
        if (Upid.TryParse(entry.Upid) is not { Type: VzdumpTaskIndex.TaskType } upid)
        {
            return null;
        }

        var running = entry.EndTime is null || string.IsNullOrEmpty(entry.Status) || entry.Status == "RUNNING";
        return running
            ? new VzdumpTask(upid, null, null)
            : new VzdumpTask(upid, DateTimeOffset.FromUnixTimeSeconds(entry.EndTime!.Value), entry.Status);
    }

    private async Task<VzdumpTaskLog?> TaskLogAsync(string node, VzdumpTask task, CancellationToken cancellationToken)
    {
        var path = $"api2/json/nodes/{Uri.EscapeDataString(node)}/tasks/{Uri.EscapeDataString(task.Upid.Text)}/log";
        var lines = new List<string>();
        try
        {
            for (var page = 0; page < MaxPages; page++)
            {
                var answer = await _client.GetAsync(
                    string.Create(CultureInfo.InvariantCulture, $"{path}?start={lines.Count}&limit={_options.PageSize}"),
                    ProxmoxApiJsonContext.Default.ProxmoxDataListPveLogLine, cancellationToken);
                var got = answer.Data!;
                lines.AddRange(got.OrderBy(l => l.N).Select(l => l.T ?? ""));
                if (got.Count < _options.PageSize || (answer.Total is { } total && lines.Count >= total))
                {
                    break;
                }
            }
        }
        catch (ProxmoxApiException ex) when (ex.StatusCode is 400 or 404 or 500)
        {
            // PVE answers "no such task" (a parameter error) for a log it no longer has.
            Log.ProxmoxTaskLogUnavailable(_logger, _options.Name, task.Upid.Text, ex.StatusCode.Value);
            return null;
        }

        return VzdumpLogParser.Parse(lines);
    }

    /// <summary>vzdump's local times and backup schedules are the node's: its zone from <c>TimeZone</c>, else as the
    /// node says (asked once per node and run).</summary>
    private async Task<NodeZone> NodeZoneAsync(string node, Dictionary<string, NodeZone> zones, CancellationToken cancellationToken)
    {
        if (zones.TryGetValue(node, out var known))
        {
            return known;
        }

        return zones[node] = await ReadNodeZoneAsync(node, cancellationToken);
    }

    private async Task<NodeZone> ReadNodeZoneAsync(string node, CancellationToken cancellationToken)
    {
        if (!string.IsNullOrEmpty(_options.TimeZone))
        {
            return new NodeZone(TimeZoneInfo.FindSystemTimeZoneById(_options.TimeZone), ScheduleZone.Stateable(_options.TimeZone));
        }

        var time = (await _client.GetAsync($"api2/json/nodes/{Uri.EscapeDataString(node)}/time", ProxmoxApiJsonContext.Default.ProxmoxDataPveNodeTime, cancellationToken)).Data!;
        if (!string.IsNullOrEmpty(time.TimeZone) && TimeZoneInfo.TryFindSystemTimeZoneById(time.TimeZone, out var zone))
        {
            return new NodeZone(zone, ScheduleZone.Stateable(time.TimeZone));
        }

        // Only an offset: right for this run's times, but no schedule can be stated in it (daylight saving).
        var offset = TimeSpan.FromSeconds((time.LocalTime ?? 0) - (time.Time ?? 0));
        Log.ProxmoxNodeZoneUnknown(_logger, _options.Name, node, time.TimeZone ?? "", offset);
        return new NodeZone(TimeZoneInfo.CreateCustomTimeZone("node " + node, offset, node, node), null);
    }

    /// <param name="Id">The zone id a schedule is stated in; null when the node's zone is only an offset.</param>
    private sealed record NodeZone(TimeZoneInfo Zone, string? Id);

    private static void NameFromInventory(Observation observation, Dictionary<string, string> namesByVmid)
    {
        if (observation.Attributes.TryGetValue("vmid", out var vmid) && observation.ProtectedObject == $"VM {vmid}"
            && namesByVmid.TryGetValue(vmid, out var name))
        {
            observation.ProtectedObject = name;
        }
    }

    private static ProbeInventory Inventory(List<PveResource> guests)
    {
        var items = guests
            .Where(g => !g.Template)
            .OrderBy(g => g.Node, StringComparer.Ordinal)
            .ThenBy(g => g.Vmid)
            .Select(g =>
            {
                var vmid = g.Vmid!.Value.ToString(CultureInfo.InvariantCulture);
                var item = new InventoryItem { Id = $"{g.Node}/{vmid}", Name = g.Name ?? "", PowerState = g.Status ?? "" };
                item.Attributes["vmid"] = vmid;
                item.Attributes["node"] = g.Node!;
                item.Attributes["type"] = g.Type!;
                return item;
            })
            .ToList();
        return new ProbeInventory(Hypervisor, items);
    }
}
