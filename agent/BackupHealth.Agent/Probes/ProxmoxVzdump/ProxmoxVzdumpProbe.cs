using BackupHealth.Agent.Probes.Shared.State;
using BackupHealth.Contracts.V1;
using Microsoft.Extensions.Logging;

namespace BackupHealth.Agent.Probes.ProxmoxVzdump;

/// <summary>Reads the vzdump tasks of the Proxmox VE node the agent runs on from its task folder: the task index for
/// which tasks ran and how they ended, each task's log for what became of each guest.</summary>
internal sealed class ProxmoxVzdumpProbe : IProbe
{
    public const string TypeName = "proxmox-vzdump";
    public const string SourceKind = "proxmox.vzdump";

    /// <summary>Tasks are remembered this long past the lookback, so a task at the edge is not reported twice.</summary>
    private static readonly TimeSpan ForgetMargin = TimeSpan.FromDays(1);

    private readonly ProxmoxVzdumpProbeOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly IProbeStateStore _state;
    private readonly ILogger _logger;
    private readonly VzdumpRunMapper _mapper;
    private readonly string? _scheduleZone;

    public ProxmoxVzdumpProbe(ProxmoxVzdumpProbeOptions options, TimeProvider timeProvider, IProbeStateStore state, ILogger<ProxmoxVzdumpProbe> logger)
    {
        _options = options;
        _timeProvider = timeProvider;
        _state = state;
        _logger = logger;
        _mapper = new VzdumpRunMapper(options.Name, SourceKind, options.HostTimeZone());
        _scheduleZone = ScheduleZone.IdFor(options.TimeZone);
    }

    public string Name => _options.Name;

    public string Type => TypeName;

    public ValueTask<ProbeResult> RunAsync(CancellationToken cancellationToken)
    {
        if (!Directory.Exists(_options.TasksPath))
        {
            return ValueTask.FromResult(ProbeResult.Error(
                $"task folder {_options.TasksPath} not found: is this a Proxmox VE node? (TasksPath)"));
        }

        try
        {
            return ValueTask.FromResult(Read(cancellationToken));
        }
        catch (UnauthorizedAccessException ex)
        {
            return ValueTask.FromResult(ProbeResult.Error(
                $"cannot read the task folder {_options.TasksPath}: {ex.Message} (task logs are root:www-data 0640; run the agent as root or in group www-data)"));
        }
        catch (IOException ex)
        {
            return ValueTask.FromResult(ProbeResult.Error($"cannot read the task folder {_options.TasksPath}: {ex.Message}"));
        }
    }

    private ProbeResult Read(CancellationToken cancellationToken)
    {
        var now = _timeProvider.GetUtcNow();
        var since = now - _options.Lookback;
        var tasks = VzdumpTaskIndex.Read(_options.TasksPath).Where(t => t.Upid.Start >= since).ToList();
        var seen = _state.Load(ProxmoxVzdumpJsonContext.Default.VzdumpSeenTasks) ?? new VzdumpSeenTasks();
        var observations = new List<Observation>();
        foreach (var task in tasks)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (seen.IsDone(task))
            {
                continue;
            }

            var log = ReadLog(task);
            var runs = _mapper.Map(task, log, now, PartialSize);
            observations.AddRange(seen.TakeNew(task, runs).Select(r => r.Observation));
        }

        seen.ForgetOlderThan(since - ForgetMargin);
        _state.Save(seen, ProxmoxVzdumpJsonContext.Default.VzdumpSeenTasks);
        Log.VzdumpTasksRead(_logger, _options.Name, tasks.Count, _options.TasksPath, observations.Count);
        return ProbeResult.Ok(observations, ListJobs());
    }

    /// <summary>The node's guests that its backup jobs cover (see <see cref="VzdumpJobListings"/>); null when the
    /// cluster file system cannot be read (the collector keeps the last list): the runs are still reported.</summary>
    private List<JobListing>? ListJobs()
    {
        try
        {
            if (PveClusterConfig.Read(_options.ConfigPath, out var whyNot) is not { } config)
            {
                Log.VzdumpJobsNotListed(_logger, _options.Name, whyNot);
                return null;
            }

            return VzdumpJobListings.Build(_options.Name, SourceKind, config.Jobs, config.Guests, _ => _scheduleZone, node => node == config.Node);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Text.Json.JsonException)
        {
            Log.VzdumpJobsUnreadable(_logger, _options.Name, _options.ConfigPath, ex.Message);
            return null;
        }
    }

    private VzdumpTaskLog? ReadLog(VzdumpTask task)
    {
        var path = task.Upid.LogPath(_options.TasksPath);
        if (!File.Exists(path))
        {
            if (!task.IsRunning)
            {
                Log.VzdumpTaskLogMissing(_logger, _options.Name, task.Upid.Text);
            }

            return null;
        }

        return VzdumpLogParser.Parse(VzdumpTaskIndex.ReadLines(path));
    }

    /// <summary>vzdump writes <c>&lt;archive minus its last extension&gt;.dat</c> and renames it when done.</summary>
    private long? PartialSize(string archive)
    {
        if (!Path.IsPathFullyQualified(archive))
        {
            return null; // a Proxmox Backup Server target such as vm/100/2026-11-27T01:00:00Z
        }

        var temporary = Path.ChangeExtension(archive, ".dat");
        if (!string.IsNullOrEmpty(_options.DumpPath))
        {
            temporary = Path.Combine(_options.DumpPath, Path.GetFileName(temporary));
        }

        var file = new FileInfo(temporary);
        return file.Exists ? file.Length : null;
    }
}
