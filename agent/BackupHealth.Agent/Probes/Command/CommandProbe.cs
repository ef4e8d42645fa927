using System.Globalization;
using System.Text.Json;
using BackupHealth.Agent.Probes.Shared.Commands;
using BackupHealth.Contracts;
using BackupHealth.Contracts.V1;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.Logging;

namespace BackupHealth.Agent.Probes.Command;

/// <summary>Runs an MSP's own script (no shell) and reads either its exit code as a monitoring plugin does (0 OK,
/// 1 WARNING, 2 CRITICAL, 3 UNKNOWN) or JSON on stdout: runs, and optionally the jobs the source lists.</summary>
internal sealed class CommandProbe(
    CommandProbeOptions options,
    ICommandRunner commands,
    TimeProvider timeProvider,
    ILogger<CommandProbe> logger) : IProbe
{
    public const string TypeName = "command";
    public const string SourceKind = "command";

    private const int PluginOk = 0;
    private const int PluginWarning = 1;
    private const int PluginCritical = 2;
    private const int PluginUnknown = 3;
    private static readonly TimeSpan MaxClockSkew = TimeSpan.FromMinutes(5);

    // Room for the message's own fields around the listings.
    private const int MaxJobListBytes = ObservationLimits.MaxMessageBytes - (64 * 1024);

    public string Name => options.Name;

    public string Type => TypeName;

    public CommandSpec Command => new(
        options.Executable,
        options.Arguments,
        options.Timeout,
        options.Environment.ToDictionary(e => e.Key, e => (string?)e.Value, StringComparer.Ordinal),
        options.WorkingDirectory.Length > 0 ? options.WorkingDirectory : null);

    public async ValueTask<ProbeResult> RunAsync(CancellationToken cancellationToken)
    {
        var command = Command;
        var started = timeProvider.GetUtcNow();
        var result = await commands.RunAsync(command, cancellationToken);
        if (!result.Started || result.TimedOut)
        {
            return ProbeResult.Error(result.Describe(command));
        }

        Log.CommandExited(logger, options.Name, command.Display, result.ExitCode);
        return options.Output switch
        {
            CommandOutputMode.Json => ReadJson(command, result),
            CommandOutputMode.Inventory => ReadInventory(command, result),
            _ => ReadPlugin(command, result, started, timeProvider.GetUtcNow()),
        };
    }

    private static ProbeResult ReadInventory(CommandSpec command, CommandResult result)
    {
        if (result.ExitCode != 0 || result.OutputTruncated)
        {
            return ProbeResult.Error(result.OutputTruncated ? $"{command.Display} printed more than {command.MaxOutputChars} characters" : result.Describe(command));
        }

        CommandJsonInventory? printed;
        try
        {
            printed = JsonSerializer.Deserialize(result.StandardOutput, CommandJsonContext.Default.CommandJsonInventory);
        }
        catch (JsonException ex)
        {
            return ProbeResult.Error($"{command.Display} printed JSON that is not an inventory: {ex.Message}");
        }

        if (printed?.Hypervisor is not { Length: > 0 } hypervisor || printed.Vms is not { } vms)
        {
            return ProbeResult.Error($"{command.Display} printed an inventory without \"hypervisor\" or \"vms\"");
        }

        var items = new List<InventoryItem>(vms.Count);
        for (var i = 0; i < vms.Count; i++)
        {
            if (vms[i] is not { Id: { Length: > 0 } id, Name: { Length: > 0 } name } vm)
            {
                return ProbeResult.Error($"{command.Display} printed a VM without \"id\" or \"name\" at vms[{i}]");
            }

            var item = new InventoryItem { Id = id, Name = name, PowerState = vm.PowerState ?? "" };
            item.Attributes.Add(vm.Attributes ?? []);
            items.Add(item);
        }

        return ProbeResult.Ok([]) with { Inventory = new ProbeInventory(hypervisor, items) };
    }

    private ProbeResult ReadPlugin(CommandSpec command, CommandResult result, DateTimeOffset started, DateTimeOffset ended)
    {
        var (text, perfdata) = FirstLine(result.StandardOutput);
        var stderr = ErrorText.Summary(result.StandardError);
        RunStatus status;
        switch (result.ExitCode)
        {
            case PluginOk:
                status = RunStatus.Success;
                break;
            case PluginWarning:
                status = RunStatus.Warning;
                break;
            case PluginCritical:
                status = RunStatus.Failed;
                break;
            default:
                // UNKNOWN (3) and anything else: the script could not judge the backup — a probe problem, not a verdict.
                var what = result.ExitCode == PluginUnknown ? "UNKNOWN (exit code 3)" : $"exit code {result.ExitCode}";
                var said = string.Join("; ", new[] { text, stderr.Length > 0 ? $"stderr: {stderr}" : "" }.Where(s => s.Length > 0));
                return ProbeResult.Error(said.Length > 0 ? $"{command.Display} returned {what}: {said}" : $"{command.Display} returned {what}");
        }

        var message = text;
        if (status != RunStatus.Success && stderr.Length > 0)
        {
            message = message.Length > 0 ? $"{message} (stderr: {stderr})" : $"stderr: {stderr}";
        }

        if (message.Length == 0 && status != RunStatus.Success)
        {
            message = $"{command.Display} exited with code {result.ExitCode}";
        }

        var observation = new Observation
        {
            Id = StableId.Of(options.Name, "plugin", started.UtcTicks.ToString(CultureInfo.InvariantCulture)),
            SourceKind = SourceKind,
            JobKey = options.Name,
            JobName = options.JobName.Length > 0 ? options.JobName : options.Name,
            ProtectedObject = options.ProtectedObject,
            Status = status,
            StartTime = Timestamp.FromDateTimeOffset(started),
            EndTime = Timestamp.FromDateTimeOffset(ended < started ? started : ended),
            Message = Limit(message, ObservationLimits.MaxMessageLength),
            Verification = new Verification { State = VerificationState.NotVerified },
            ObservedAt = Timestamp.FromDateTimeOffset(ended),
            ProbeName = options.Name,
        };
        observation.Attributes["exit_code"] = result.ExitCode.ToString(CultureInfo.InvariantCulture);
        if (perfdata.Length > 0)
        {
            observation.Attributes["perfdata"] = Limit(perfdata, ObservationLimits.MaxAttributeValueLength);
        }

        return ProbeResult.Ok([observation], [CommandJobMapper.ForPlugin(options)]);
    }

    private ProbeResult ReadJson(CommandSpec command, CommandResult result)
    {
        if (result.ExitCode != 0)
        {
            return ProbeResult.Error(result.Describe(command));
        }

        if (result.OutputTruncated)
        {
            return ProbeResult.Error($"{command.Display} printed more than {command.MaxOutputChars} characters");
        }

        if (CommandJsonOutput.Read(result.StandardOutput, out var unreadable) is not { } printed)
        {
            return ProbeResult.Error($"{command.Display} {unreadable}");
        }

        var now = timeProvider.GetUtcNow();
        var mapper = new CommandRunMapper(options.Name);
        var observations = new List<Observation>(printed.Runs.Count);
        for (var i = 0; i < printed.Runs.Count; i++)
        {
            var (observation, problem) = mapper.ToObservation(printed.Runs[i], now);
            problem ??= ObservationValidator.Validate(observation!, now, MaxClockSkew);
            if (problem is not null)
            {
                return ProbeResult.Error($"{command.Display} printed a bad observation at {printed.RunsMember}[{i}]{JobOf(printed.Runs[i]?.JobName)}: {problem}");
            }

            observations.Add(observation!);
        }

        var (jobs, jobsProblem) = ReadJobs(printed.Jobs);
        if (jobsProblem is not null)
        {
            return ProbeResult.Error($"{command.Display} {jobsProblem}");
        }

        Log.CommandJsonRead(logger, options.Name, observations.Count);
        return ProbeResult.Ok(observations, jobs);
    }

    private (List<JobListing>? Jobs, string? Problem) ReadJobs(IReadOnlyList<CommandJsonJob?>? printed)
    {
        if (printed is null)
        {
            return (null, null);
        }

        if (printed.Count > ObservationLimits.MaxListedJobs)
        {
            return (null, $"printed {printed.Count} jobs; the limit is {ObservationLimits.MaxListedJobs}");
        }

        var jobs = new List<JobListing>(printed.Count);
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var bytes = 0L;
        for (var i = 0; i < printed.Count; i++)
        {
            var (listing, problem) = CommandJobMapper.ToListing(options.Name, printed[i]);
            if (listing is not null && !seen.TryAdd(listing.JobKey, i))
            {
                problem = $"job_key '{listing.JobKey}' is listed twice (also at jobs[{seen[listing.JobKey]}])";
            }

            if (problem is not null)
            {
                return (null, $"printed a bad job at jobs[{i}]{JobOf(printed[i]?.JobName)}: {problem}");
            }

            bytes += listing!.CalculateSize();
            jobs.Add(listing);
        }

        // The list goes to the collector as one message, which must stay below its limit.
        return bytes > MaxJobListBytes
            ? (null, $"printed jobs that take {bytes} bytes; the limit is {MaxJobListBytes}")
            : (jobs, null);
    }

    private static string JobOf(string? jobName) => jobName is { Length: > 0 } name ? $" (job '{name}')" : "";

    /// <summary>The plugin output: the first line of stdout, split at <c>|</c> into text and performance data.</summary>
    private static (string Text, string Perfdata) FirstLine(string stdout)
    {
        var line = stdout.Split('\n', 2)[0].TrimEnd('\r');
        var bar = line.IndexOf('|', StringComparison.Ordinal);
        return bar < 0 ? (line.Trim(), "") : (line[..bar].Trim(), line[(bar + 1)..].Trim());
    }

    private static string Limit(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";
}
