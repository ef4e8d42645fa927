using System.Text.Json;
using System.Text.RegularExpressions;

namespace BackupHealth.Agent.Probes.ProxmoxVzdump;

/// <summary>What a Proxmox VE node's cluster file system (<c>/etc/pve</c>, pmxcfs) says about backup jobs: the
/// node's name (<c>local</c> links to <c>nodes/&lt;name&gt;</c>), the guests and their nodes (<c>.vmlist</c>), pools
/// (<c>user.cfg</c> <c>pool:</c> lines) and the vzdump jobs (<c>jobs.cfg</c>).</summary>
internal sealed partial record PveClusterConfig(string Node, IReadOnlyList<VzdumpGuest> Guests, IReadOnlyList<VzdumpBackupJob> Jobs)
{
    private static readonly string[] DayNames = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];

    /// <summary>Null when the folder is no cluster file system (no <c>.vmlist</c>). Jobs come from <c>jobs.cfg</c> and
    /// from the old <c>vzdump.cron</c> (PVE before 7.1).</summary>
    /// <exception cref="IOException">A file could not be read.</exception>
    /// <exception cref="UnauthorizedAccessException">A file may not be read.</exception>
    public static PveClusterConfig? Read(string configPath, out string whyNot)
    {
        var vmlist = Path.Combine(configPath, ".vmlist");
        var local = new FileInfo(Path.Combine(configPath, "local")).LinkTarget;
        if (!File.Exists(vmlist) || local is null || !local.StartsWith("nodes/", StringComparison.Ordinal))
        {
            whyNot = $"{configPath} is not a Proxmox VE cluster file system (no .vmlist, or no 'local' link to nodes/<node>)";
            return null;
        }

        whyNot = "";
        var pools = PoolsByVmid(Path.Combine(configPath, "user.cfg"));
        using var document = JsonDocument.Parse(File.ReadAllText(vmlist));
        var guests = new List<VzdumpGuest>();
        if (document.RootElement.TryGetProperty("ids", out var ids))
        {
            foreach (var guest in ids.EnumerateObject())
            {
                if (guest.Value.TryGetProperty("node", out var node) && node.GetString() is { Length: > 0 } name)
                {
                    guests.Add(new VzdumpGuest(guest.Name, name, pools.GetValueOrDefault(guest.Name)));
                }
            }
        }

        var jobsCfg = Path.Combine(configPath, "jobs.cfg");
        var jobs = File.Exists(jobsCfg) ? ParseJobs(File.ReadAllLines(jobsCfg)) : [];
        var cron = Path.Combine(configPath, "vzdump.cron");
        if (File.Exists(cron))
        {
            // Proxmox VE before 7.1 kept its jobs here; a node upgraded since may still have some.
            jobs.AddRange(ParseCronJobs(File.ReadAllLines(cron)));
        }

        return new PveClusterConfig(local["nodes/".Length..].TrimEnd('/'), guests, jobs);
    }

    /// <summary>pve-common <c>SectionConfig</c>: a <c>type: id</c> line, then <c>&lt;indent&gt;key value</c> lines up to
    /// a blank line; <c>#</c> lines are skipped. Only <c>vzdump</c> sections are backup jobs.</summary>
    internal static List<VzdumpBackupJob> ParseJobs(IEnumerable<string> lines)
    {
        var jobs = new List<VzdumpBackupJob>();
        Dictionary<string, string>? section = null;
        string? id = null;
        foreach (var line in lines.Append(""))
        {
            if (line.TrimStart().StartsWith('#'))
            {
                continue;
            }

            if (string.IsNullOrWhiteSpace(line))
            {
                if (section is not null && id is not null)
                {
                    jobs.Add(ToJob(id, section));
                }

                (section, id) = (null, null);
            }
            else if (SectionHeader().Match(line) is { Success: true } header)
            {
                var isJob = header.Groups["type"].Value == "vzdump";
                section = isJob ? new Dictionary<string, string>(StringComparer.Ordinal) : null;
                id = isJob ? header.Groups["id"].Value : null;
            }
            else if (section is not null && Property().Match(line) is { Success: true } property)
            {
                section[property.Groups["key"].Value] = property.Groups["value"].Value;
            }
        }

        return jobs;
    }

    private static VzdumpBackupJob ToJob(string id, Dictionary<string, string> section) => new(
        id,
        section.GetValueOrDefault("schedule"),
        section.GetValueOrDefault("enabled") is not ("0" or "false"),
        VzdumpBackupJob.SplitList(section.GetValueOrDefault("vmid")),
        section.GetValueOrDefault("all") is "1" or "true",
        VzdumpBackupJob.SplitList(section.GetValueOrDefault("exclude")),
        section.GetValueOrDefault("pool"),
        section.GetValueOrDefault("node"));

    /// <summary>pve-access-control: <c>pool:&lt;name&gt;:&lt;comment&gt;:&lt;vmids&gt;:&lt;storages&gt;:</c>; a guest is in
    /// one pool at most (a later duplicate is ignored, as PVE does).</summary>
    private static Dictionary<string, string> PoolsByVmid(string userCfg)
    {
        var pools = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!File.Exists(userCfg))
        {
            return pools;
        }

        foreach (var fields in File.ReadLines(userCfg).Where(l => l.StartsWith("pool:", StringComparison.Ordinal)).Select(l => l.Split(':')))
        {
            foreach (var vmid in fields.Length > 3 ? VzdumpBackupJob.SplitList(fields[3]) : [])
            {
                pools.TryAdd(vmid, fields[1]);
            }
        }

        return pools;
    }

    [GeneratedRegex(@"^(?<type>\S+):\s*(?<id>\S+)\s*$")]
    private static partial Regex SectionHeader();

    [GeneratedRegex(@"^\s+(?<key>\S+)(?:\s+(?<value>.*\S))?\s*$")]
    private static partial Regex Property();

    /// <summary>pve-manager's old <c>parse_vzdump_cron_config</c>: <c>M H * * DOW root [#]vzdump ARGS</c>, a leading
    /// <c>#</c> before vzdump meaning disabled. The time becomes the calendar event PVE 7.1 migrated such a job to
    /// (<c>DOW HH:MM</c>); guests are the vmids before the options, or <c>--all 1</c> with <c>--exclude</c>,
    /// <c>--pool</c>, <c>--node</c>.</summary>
    internal static IEnumerable<VzdumpBackupJob> ParseCronJobs(IEnumerable<string> lines)
    {
        var number = 0;
        foreach (var line in lines)
        {
            number++;
            if (CronJobLine().Match(line) is not { Success: true } match)
            {
                continue;
            }

            var args = match.Groups["args"].Value.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            var vmids = args.TakeWhile(a => !a.StartsWith("--", StringComparison.Ordinal)).SelectMany(a => VzdumpBackupJob.SplitList(a)).ToList();
            var options = new Dictionary<string, string>(StringComparer.Ordinal);
            var rest = args.SkipWhile(a => !a.StartsWith("--", StringComparison.Ordinal)).ToList();
            for (var i = 0; i < rest.Count; i++)
            {
                if (rest[i].StartsWith("--", StringComparison.Ordinal))
                {
                    var hasValue = i + 1 < rest.Count && !rest[i + 1].StartsWith("--", StringComparison.Ordinal);
                    options[rest[i][2..]] = hasValue ? rest[++i] : "1";
                }
            }

            var minute = int.Parse(match.Groups["minute"].Value, System.Globalization.CultureInfo.InvariantCulture);
            var hour = int.Parse(match.Groups["hour"].Value, System.Globalization.CultureInfo.InvariantCulture);
            var schedule = minute < 60 && hour < 24 && CronDays(match.Groups["dow"].Value) is { } days
                ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{days}{(days.Length > 0 ? " " : "")}{hour:D2}:{minute:D2}")
                : null;
            yield return new VzdumpBackupJob(
                string.Create(System.Globalization.CultureInfo.InvariantCulture, $"vzdump.cron:{number}"),
                schedule,
                !match.Groups["disabled"].Success,
                vmids,
                options.GetValueOrDefault("all") is "1" or "true",
                VzdumpBackupJob.SplitList(options.GetValueOrDefault("exclude")),
                options.GetValueOrDefault("pool"),
                options.GetValueOrDefault("node"));
        }
    }

    /// <summary>A cron day-of-week field as calendar-event days: <c>*</c> → "" (every day), <c>6</c> → <c>sat</c>,
    /// <c>1-5</c> → <c>mon..fri</c>, <c>mon,wed</c> as is; null when it is anything else.</summary>
    internal static string? CronDays(string field)
    {
        if (field == "*")
        {
            return "";
        }

        var parts = new List<string>();
        foreach (var item in field.Split(','))
        {
            var range = item.Split('-');
            if (range.Length > 2 || range.Any(r => Day(r) is null))
            {
                return null;
            }

            parts.Add(range.Length == 1 ? Day(range[0])! : $"{Day(range[0])}..{Day(range[1])}");
        }

        return string.Join(',', parts);
    }

    private static string? Day(string text)
    {
        if (int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n))
        {
            return n is >= 0 and <= 7 ? DayNames[n % 7] : null;
        }

        var name = text.ToLowerInvariant();
        return DayNames.Contains(name, StringComparer.Ordinal) ? name : null;
    }

    [GeneratedRegex(@"^(?<minute>\d{1,2})\s+(?<hour>\d{1,2})\s+\*\s+\*\s+(?<dow>\S+)\s+root\s+(?:/\S+/)?(?<disabled>#)?vzdump(?:\s+(?<args>.*))?$")]
    private static partial Regex CronJobLine();
}
