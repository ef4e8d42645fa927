using System.Globalization;
using BackupHealth.Testing;

namespace BackupHealth.Agent.Tests.Probes.ProxmoxVzdump;

/// <summary>A folder laid out like a node's <c>/etc/pve</c> as pmxcfs shows it: <c>local</c> linking to
/// <c>nodes/&lt;node&gt;</c>, <c>.vmlist</c> as pmxcfs prints it, <c>user.cfg</c> pool lines and <c>jobs.cfg</c>.</summary>
internal sealed class PveConfigFolder : IDisposable
{
    private readonly TempDirectory _root = new("pve-etc");
    private readonly List<(int Vmid, string Node, string Type)> _guests = [];

    public PveConfigFolder(string node = "pve1")
    {
        Directory.CreateDirectory(_root.Combine("nodes", node));
        Directory.CreateSymbolicLink(_root.Combine("local"), $"nodes/{node}");
        WriteVmlist();
    }

    public string Path => _root.Path;

    public PveConfigFolder Guest(int vmid, string node = "pve1", string type = "qemu")
    {
        _guests.Add((vmid, node, type));
        WriteVmlist();
        return this;
    }

    /// <summary>Written as pve-access-control writes it: <c>pool:name:comment:vmids:storages:</c>.</summary>
    public PveConfigFolder Pool(string name, params int[] vmids)
    {
        File.AppendAllText(_root.Combine("user.cfg"), $"pool:{name}::{string.Join(',', vmids)}::\n");
        return this;
    }

    /// <summary>A <c>jobs.cfg</c> section: a header, then one tab-indented property per line, then a blank line.</summary>
    public PveConfigFolder Job(string type, string id, params string[] properties)
    {
        File.AppendAllText(_root.Combine("jobs.cfg"), $"{type}: {id}\n" + string.Concat(properties.Select(p => $"\t{p}\n")) + "\n");
        return this;
    }

    public void WriteFile(string name, string text) => File.WriteAllText(_root.Combine(name), text);

    public void Dispose() => _root.Dispose();

    private void WriteVmlist()
    {
        var ids = string.Join(",\n", _guests.Select(g =>
            string.Create(CultureInfo.InvariantCulture, $"\"{g.Vmid}\": {{ \"node\": \"{g.Node}\", \"type\": \"{g.Type}\", \"version\": 3 }}")));
        File.WriteAllText(_root.Combine(".vmlist"), _guests.Count == 0 ? "{\n\"version\": 1\n\n}\n" : $"{{\n\"version\": 7,\n\"ids\": {{\n{ids}}}\n\n}}\n");
    }
}
