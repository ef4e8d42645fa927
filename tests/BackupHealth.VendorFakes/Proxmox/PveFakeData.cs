using System.Globalization;

namespace BackupHealth.VendorFakes.Proxmox;

/// <summary>A guest as <c>/cluster/resources?type=vm</c> lists it.</summary>
public sealed record PveFakeGuest(int Vmid, string Name, string Node = "pve1", string Type = "qemu", string Status = "running", bool Template = false)
{
    internal Dictionary<string, object?> ToJson() => new()
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
