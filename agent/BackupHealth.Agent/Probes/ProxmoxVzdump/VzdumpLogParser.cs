using System.Globalization;
using System.Text.RegularExpressions;

namespace BackupHealth.Agent.Probes.ProxmoxVzdump;

/// <summary>Reads a vzdump log: a task log (lines <c>INFO: ...</c>, ending in <c>TASK OK</c>) or a per-guest log
/// (<c>/var/log/vzdump/qemu-100.log</c>, the same lines prefixed with the host-local time
/// <c>2026-11-27 02:00:01</c>). Lines it does not know are skipped, so new vzdump output cannot break it.</summary>
internal static partial class VzdumpLogParser
{
    private const string LocalTimeFormat = "yyyy-MM-dd HH:mm:ss";

    public static VzdumpTaskLog Parse(IEnumerable<string> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var log = new VzdumpTaskLog();
        VzdumpGuestLog? open = null;
        VzdumpGuestLog? last = null;
        foreach (var raw in lines)
        {
            var line = raw.TrimEnd('\r');
            if (line.StartsWith("TASK ", StringComparison.Ordinal))
            {
                log.TaskResult = line[5..].Trim();
                continue;
            }

            if (Prefixed().Match(line) is not { Success: true } match)
            {
                continue;
            }

            DateTime? stamp = match.Groups["time"].Success ? ParseLocal(match.Groups["time"].Value) : null;
            var level = match.Groups["level"].Value;
            var text = match.Groups["text"].Value.Trim();
            switch (level)
            {
                case "INFO":
                    Info(log, text, stamp, ref open, ref last);
                    break;
                case "WARN":
                    // A warning after a guest ended but before the next one starts (e.g. the log upload to PBS
                    // failing) is still that guest's; before any guest or after the job's trailer it is the job's.
                    var owner = open ?? (log.JobFinished ? null : last);
                    (owner?.Warnings ?? log.JobWarnings).Add(text);
                    break;
                default:
                    Error(log, text, stamp, ref open, ref last);
                    break;
            }
        }

        return log;
    }

    private static void Info(VzdumpTaskLog log, string text, DateTime? stamp, ref VzdumpGuestLog? open, ref VzdumpGuestLog? last)
    {
        Match m;
        if ((m = StartingJob().Match(text)).Success)
        {
            ReadCommandLine(log, m.Groups[1].Value);
        }
        else if ((m = SkipExternal().Match(text)).Success)
        {
            foreach (var id in m.Groups[1].Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                log.SkippedVmids.Add(id);
            }
        }
        else if ((m = StartingGuest().Match(text)).Success)
        {
            open = new VzdumpGuestLog { Vmid = m.Groups[1].Value, Type = m.Groups[2].Value, StartedLocal = stamp };
            log.Guests.Add(open);
            last = open;
        }
        else if ((m = StartedAt().Match(text)).Success && open is not null)
        {
            open.StartedLocal = ParseLocal(m.Groups[1].Value) ?? open.StartedLocal;
        }
        else if ((m = GuestName().Match(text)).Success && open is not null)
        {
            open.Name = m.Groups[1].Value.Trim();
        }
        else if ((m = CreatingArchive().Match(text)).Success && open is not null)
        {
            open.Archive = m.Groups[1].Value;
        }
        else if ((m = ArchiveSize().Match(text)).Success && open is not null)
        {
            open.SizeBytes = VzdumpSize.Parse(m.Groups[1].Value);
        }
        else if ((m = FinishedGuest().Match(text)).Success)
        {
            var guest = Find(log, open, m.Groups[1].Value);
            if (guest is not null)
            {
                guest.Outcome = VzdumpOutcome.Finished;
                guest.Duration = new TimeSpan(
                    int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture),
                    int.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture),
                    int.Parse(m.Groups[4].Value, CultureInfo.InvariantCulture));
                guest.EndedLocal = stamp;
                last = guest;
            }

            open = null;
        }
        else if ((m = EndedAt().Match(text)).Success && last is not null)
        {
            last.EndedLocal = ParseLocal(m.Groups[1].Value) ?? last.EndedLocal;
        }
        else if (text.StartsWith("Backup job finished", StringComparison.Ordinal))
        {
            log.JobFinished = true;
            open = null;
        }
    }

    private static void Error(VzdumpTaskLog log, string text, DateTime? stamp, ref VzdumpGuestLog? open, ref VzdumpGuestLog? last)
    {
        Match m;
        if ((m = FailedGuest().Match(text)).Success)
        {
            var guest = Find(log, open, m.Groups[1].Value);
            if (guest is null)
            {
                // A guest that failed before it started (e.g. "unable to find VM"): vzdump prints no Starting line.
                guest = new VzdumpGuestLog { Vmid = m.Groups[1].Value, Type = "" };
                log.Guests.Add(guest);
            }

            guest.Outcome = VzdumpOutcome.Failed;
            guest.Error = m.Groups[2].Value.Trim();
            guest.EndedLocal = stamp;
            last = guest;
            open = null;
        }
        else if ((m = JobFailed().Match(text)).Success)
        {
            log.JobError = m.Groups[1].Value.Trim();
            log.JobFinished = true;
            open = null;
        }
        else if (open is null)
        {
            // Job-level errors outside a guest (storage not available, lock timeout): the first one says most.
            log.JobError ??= text;
        }
    }

    private static VzdumpGuestLog? Find(VzdumpTaskLog log, VzdumpGuestLog? open, string vmid) =>
        open is not null && open.Vmid == vmid ? open : log.Guests.LastOrDefault(g => g.Vmid == vmid && g.Outcome == VzdumpOutcome.Started);

    private static void ReadCommandLine(VzdumpTaskLog log, string arguments)
    {
        var words = arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i < words.Length; i++)
        {
            if (words[i] == "--storage" && i + 1 < words.Length)
            {
                log.Storage = words[i + 1];
            }
            else if (!words[i].StartsWith('-') && words[i].All(char.IsAsciiDigit) && (i == 0 || !words[i - 1].StartsWith('-')))
            {
                log.RequestedVmids.Add(words[i]);
            }
        }
    }

    private static DateTime? ParseLocal(string text) =>
        DateTime.TryParseExact(text.Trim(), LocalTimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var value)
            ? DateTime.SpecifyKind(value, DateTimeKind.Unspecified)
            : null;

    [GeneratedRegex(@"^(?:(?<time>\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}) )?(?<level>INFO|WARN|ERROR): ?(?<text>.*)$")]
    private static partial Regex Prefixed();

    [GeneratedRegex(@"^starting new backup job: vzdump ?(.*)$")]
    private static partial Regex StartingJob();

    [GeneratedRegex(@"^skip external VMs: (.*)$")]
    private static partial Regex SkipExternal();

    [GeneratedRegex(@"^Starting Backup of VM (\d+) \((\w+)\)")]
    private static partial Regex StartingGuest();

    [GeneratedRegex(@"^Backup started at (\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2})")]
    private static partial Regex StartedAt();

    [GeneratedRegex(@"^(?:VM|CT) Name: (.+)$")]
    private static partial Regex GuestName();

    [GeneratedRegex(@"^creating (?:vzdump|Proxmox Backup Server) archive '(.+)'")]
    private static partial Regex CreatingArchive();

    [GeneratedRegex(@"^archive file size: (\S+)")]
    private static partial Regex ArchiveSize();

    [GeneratedRegex(@"^Finished Backup of VM (\d+) \((\d+):(\d{2}):(\d{2})\)")]
    private static partial Regex FinishedGuest();

    [GeneratedRegex(@"^(?:Backup finished at|Failed at) (\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2})")]
    private static partial Regex EndedAt();

    [GeneratedRegex(@"^Backup of VM (\d+) failed - (.*)$")]
    private static partial Regex FailedGuest();

    [GeneratedRegex(@"^Backup job failed - (.*)$")]
    private static partial Regex JobFailed();
}
