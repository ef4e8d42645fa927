using System.Text.Json;
using System.Text.RegularExpressions;

namespace BackupHealth.Agent.Probes.ProxmoxVzdump;

/// <summary>What a Proxmox VE node's cluster file system (<c>/etc/pve</c>, pmxcfs) says about backup jobs: the
/// node's name (<c>local</c> links to <c>nodes/&lt;name&gt;</c>), the guests and their nodes (<c>.vmlist</c>), pools
/// (<c>user.cfg</c> <c>pool:</c> lines) and the vzdump jobs (<c>jobs.cfg</c>).</summary>
internal sealed partial record PveClusterConfig(string Node, IReadOnlyList<VzdumpGuest> Guests, IReadOnlyList<VzdumpBackupJob> Jobs)
{
    /// <summary>Null when the folder is no cluster file system (no <c>.vmlist</c>), or when jobs are still kept in the
    /// old <c>vzdump.cron</c> (PVE before 7.1; not read): a list that left them out would be wrong.</summary>
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

        var cron = Path.Combine(configPath, "vzdump.cron");
        if (File.Exists(cron) && File.ReadLines(cron).Any(l => CronJobLine().IsMatch(l)))
        {
            whyNot = $"{cron} holds backup jobs (Proxmox VE before 7.1), which this probe does not read";
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

    /// <summary>pve-manager's old <c>parse_vzdump_cron_config</c>: <c>M H * * DOW root [#]vzdump ...</c>.</summary>
    [GeneratedRegex(@"^\d+\s+\d+\s+\*\s+\*\s+\S+\s+root\s+(?:/\S+/)?#?vzdump(?:\s|$)")]
    private static partial Regex CronJobLine();
}
