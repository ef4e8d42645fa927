using System.Globalization;

namespace BackupHealth.VendorFakes.Proxmox;

/// <summary>A guest as <c>/cluster/resources?type=vm</c> lists it.</summary>
public sealed record PveFakeGuest(int Vmid, string Name, string Node = "pve1", string Type = "qemu", string Status = "running", bool Template = false, string? Pool = null)
{
    internal Dictionary<string, object?> ToJson()
    {
        var json = Json();
        if (Pool is not null)
        {
            json["pool"] = Pool;
        }

        return json;
    }

    private Dictionary<string, object?> Json() => new()
    {
        ["id"] = $"{Type}/{Vmid}",
        ["type"] = Type,
        ["vmid"] = Vmid,
        ["name"] = Name,
        ["node"] = Node,
        ["status"] = Status,
        // PVE sends the flag as 0/1, not as a JSON boolean.
        ["template"] = Template ? 1 : 0,
        ["maxmem"] = 4L * 1024 * 1024 * 1024,
    };
}

/// <summary>A task of one node with its log lines; <see cref="End"/> null while it runs.</summary>
public sealed record PveFakeTask(string Node, string Upid, DateTimeOffset Start, DateTimeOffset? End, string? Status, IReadOnlyList<string> Log)
{
    private static int s_pid = 0x4000;

    public string Type => Upid.Split(':')[5];

    public string Id => Upid.Split(':')[6];

    /// <summary>A vzdump task as PVE names it: <c>UPID:node:pid:pstart:start:vzdump:id:user:</c>.</summary>
    public static PveFakeTask Vzdump(string node, DateTimeOffset start, DateTimeOffset? end, string? status, IEnumerable<string> log, string id = "", string type = "vzdump")
    {
        var pid = Interlocked.Increment(ref s_pid);
        var upid = string.Create(CultureInfo.InvariantCulture, $"UPID:{node}:{pid:X8}:{0x00ABCDEF:X8}:{start.ToUnixTimeSeconds():X8}:{type}:{id}:backuphealth@pve!monitor:");
        return new PveFakeTask(node, upid, start, end, status, log.ToList());
    }

    internal Dictionary<string, object?> ToJson()
    {
        var json = new Dictionary<string, object?>
        {
            ["upid"] = Upid,
            ["node"] = Node,
            ["pid"] = int.Parse(Upid.Split(':')[2], NumberStyles.HexNumber, CultureInfo.InvariantCulture),
            ["pstart"] = 0x00ABCDEF,
            ["starttime"] = Start.ToUnixTimeSeconds(),
            ["type"] = Type,
            ["id"] = Id,
            ["user"] = "backuphealth@pve!monitor",
        };
        if (End is { } end)
        {
            json["endtime"] = end.ToUnixTimeSeconds();
            json["status"] = Status;
        }
        else
        {
            json["status"] = "RUNNING";
        }

        return json;
    }
}

/// <summary>A backup job as <c>GET /cluster/backup</c> lists it (pve-manager <c>PVE/API2/Backup.pm</c>): the
/// <c>jobs.cfg</c> properties as stored (flags 0/1, <c>enabled</c> only when the file has it, <c>vmid</c> a comma
/// list), with PVE's computed <c>next-run</c> (epoch seconds).</summary>
public sealed record PveFakeBackupJob(
    string Id, string? Schedule, string? Vmid = null, bool? Enabled = null, bool All = false, string? Exclude = null,
    string? Pool = null, string? Node = null, DateTimeOffset? NextRun = null)
{
    internal Dictionary<string, object?> ToJson()
    {
        var json = new Dictionary<string, object?> { ["id"] = Id, ["type"] = "vzdump", ["storage"] = "local", ["mode"] = "snapshot" };
        void Put(string key, object? value)
        {
            if (value is not null)
            {
                json[key] = value;
            }
        }

        Put("schedule", Schedule);
        Put("vmid", Vmid);
        Put("enabled", Enabled is { } enabled ? (enabled ? 1 : 0) : null);
        Put("all", All ? 1 : null);
        Put("exclude", Exclude);
        Put("pool", Pool);
        Put("node", Node);
        Put("next-run", NextRun?.ToUnixTimeSeconds());
        return json;
    }
}
