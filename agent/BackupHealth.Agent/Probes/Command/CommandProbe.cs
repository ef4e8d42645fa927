using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using BackupHealth.Agent.Probes.Commands;
using BackupHealth.Contracts;
using BackupHealth.Contracts.V1;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.Logging;

namespace BackupHealth.Agent.Probes.Command;

/// <summary>Runs an MSP's own script (no shell) and reads either its exit code as a monitoring plugin does (0 OK,
/// 1 WARNING, 2 CRITICAL, 3 UNKNOWN) or a JSON array of observations on stdout.</summary>
internal sealed partial class CommandProbe(
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

        return ProbeResult.Ok([observation]);
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

        List<CommandJsonObservation>? printed;
        try
        {
            printed = JsonSerializer.Deserialize(result.StandardOutput, CommandJsonContext.Default.ListCommandJsonObservation);
        }
        catch (JsonException ex)
        {
            return ProbeResult.Error($"{command.Display} printed JSON that is not an array of observations: {ex.Message}");
        }

        if (printed is null)
        {
            return ProbeResult.Error($"{command.Display} printed null instead of an array of observations");
        }

        var now = timeProvider.GetUtcNow();
        var observations = new List<Observation>(printed.Count);
        for (var i = 0; i < printed.Count; i++)
        {
            var (observation, problem) = ToObservation(printed[i], now);
            problem ??= observation is null ? "is null" : ObservationValidator.Validate(observation, now, MaxClockSkew);
            if (problem is not null)
            {
                var job = printed[i]?.JobName is { Length: > 0 } name ? $" (job '{name}')" : "";
                return ProbeResult.Error($"{command.Display} printed a bad observation at [{i}]{job}: {problem}");
            }

            observations.Add(observation!);
        }

        Log.CommandJsonRead(logger, options.Name, observations.Count);
        return ProbeResult.Ok(observations);
    }

    private (Observation? Observation, string? Problem) ToObservation(CommandJsonObservation? item, DateTimeOffset now)
    {
        if (item is null)
        {
            return (null, "is null");
        }

        if (string.IsNullOrWhiteSpace(item.JobName))
        {
            return (null, "jobName is missing");
        }

        RunStatus? status = item.Status?.ToUpperInvariant() switch
        {
            "SUCCESS" => RunStatus.Success,
            "WARNING" => RunStatus.Warning,
            "FAILED" => RunStatus.Failed,
            "RUNNING" => RunStatus.Running,
            _ => null,
        };
        if (status is not { } known)
        {
            return (null, $"status '{item.Status}' is not one of success, warning, failed, running");
        }

        if (!TryTime(item.StartTime, out var start, out var startProblem))
        {
            return (null, $"startTime {startProblem}");
        }

        DateTimeOffset? end = null;
        if (item.EndTime is not null || known != RunStatus.Running)
        {
            if (!TryTime(item.EndTime, out var parsedEnd, out var endProblem))
            {
                return (null, known == RunStatus.Running ? $"endTime {endProblem}" : $"endTime {endProblem} (required unless running)");
            }

            end = parsedEnd;
        }

        if (item.SizeBytes is < 0)
        {
            return (null, $"sizeBytes {item.SizeBytes} is negative");
        }

        var key = string.IsNullOrWhiteSpace(item.JobKey) ? item.JobName : item.JobKey;
        var startTicks = start.UtcTicks.ToString(CultureInfo.InvariantCulture);
        var observation = new Observation
        {
            // The same run printed again gives the same id (the script may print its last N runs every time).
            Id = StableId.Of(options.Name, key, startTicks, known.ToString(), end?.UtcTicks.ToString(CultureInfo.InvariantCulture) ?? ""),
            RunId = StableId.Of(options.Name, key, startTicks),
            SourceKind = SourceKind,
            JobKey = $"{options.Name}/{key}",
            JobName = item.JobName,
            ProtectedObject = item.ProtectedObject ?? "",
            Status = known,
            StartTime = Timestamp.FromDateTimeOffset(start),
            SizeBytes = item.SizeBytes ?? 0,
            Message = item.Message ?? "",
            Verification = new Verification { State = VerificationState.NotVerified },
            ObservedAt = Timestamp.FromDateTimeOffset(now),
            ProbeName = options.Name,
        };
        if (end is { } ended)
        {
            observation.EndTime = Timestamp.FromDateTimeOffset(ended);
        }

        foreach (var (name, value) in item.Attributes ?? [])
        {
            observation.Attributes[name] = value ?? "";
        }

        return (observation, null);
    }

    /// <summary>An ISO 8601 time that says its zone (<c>Z</c> or an offset): a script's local time is not guessed.</summary>
    private static bool TryTime(string? text, out DateTimeOffset value, out string problem)
    {
        value = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            problem = "is missing";
            return false;
        }

        if (!HasZone().IsMatch(text.Trim()))
        {
            problem = $"'{text}' has no zone: end it in Z or an offset like +02:00";
            return false;
        }

        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out value))
        {
            problem = $"'{text}' is not an ISO 8601 time";
            return false;
        }

        problem = "";
        value = value.ToUniversalTime();
        return true;
    }

    /// <summary>The plugin output: the first line of stdout, split at <c>|</c> into text and performance data.</summary>
    private static (string Text, string Perfdata) FirstLine(string stdout)
    {
        var line = stdout.Split('\n', 2)[0].TrimEnd('\r');
        var bar = line.IndexOf('|', StringComparison.Ordinal);
        return bar < 0 ? (line.Trim(), "") : (line[..bar].Trim(), line[(bar + 1)..].Trim());
    }

    private static string Limit(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";

    [GeneratedRegex(@"(Z|[+-]\d{2}:?\d{2})$", RegexOptions.IgnoreCase)]
    private static partial Regex HasZone();
}
