using System.Globalization;
using System.Xml;
using System.Xml.Linq;

namespace BackupHealth.Agent.Probes.Xva;

/// <summary>What verification needs from <c>ova.xml</c>: the exported VM and each VDI's size. The file is XML-RPC
/// serialised: a struct with <c>version</c> and <c>objects</c>, an array of {class, id <c>Ref:n</c>, snapshot}
/// whose snapshot struct holds the object's fields; integers are written as decimal strings.</summary>
internal sealed record OvaManifest(string VmName, string VmUuid, IReadOnlyDictionary<string, OvaVdi> Vdis)
{
    /// <summary>A real ova.xml is tens of KiB, a VM with many snapshots a few MiB; bigger is not an XVA.</summary>
    public const long MaxSize = 16 * 1024 * 1024;

    /// <exception cref="XvaInvalidException">Not parseable, or no VM in it.</exception>
    public static OvaManifest Parse(Stream xml)
    {
        XDocument document;
        try
        {
            using var reader = XmlReader.Create(xml, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
            document = XDocument.Load(reader);
        }
        catch (XmlException ex)
        {
            throw new XvaInvalidException($"ova.xml is not well-formed XML: {ex.Message}", ex);
        }

        var objects = Members(Struct(document.Root, "the root value")).GetValueOrDefault("objects")
            ?? throw new XvaInvalidException("ova.xml has no objects member: not an XVA export");
        string? vmName = null;
        string? vmUuid = null;
        var vmIsSnapshot = false;
        var vdis = new Dictionary<string, OvaVdi>(StringComparer.Ordinal);
        var devices = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var value in objects.Element("array")?.Element("data")?.Elements("value") ?? [])
        {
            var fields = Members(Struct(value, "an object"));
            var id = Text(fields.GetValueOrDefault("id"));
            switch (Text(fields.GetValueOrDefault("class")))
            {
                case "VM":
                    // The exported VM; snapshots of it are listed too when exported with its snapshots.
                    var vm = Members(Struct(fields.GetValueOrDefault("snapshot"), $"the snapshot of {id}"));
                    var isSnapshot = IsTrue(vm, "is_a_snapshot");
                    if (vmName is null || (vmIsSnapshot && !isSnapshot))
                    {
                        vmName = Text(vm.GetValueOrDefault("name_label"));
                        vmUuid = Text(vm.GetValueOrDefault("uuid"));
                        vmIsSnapshot = isSnapshot;
                    }

                    break;
                case "VDI":
                    vdis[id] = ParseVdi(id, Members(Struct(fields.GetValueOrDefault("snapshot"), $"the snapshot of {id}")));
                    break;
                case "VBD":
                    // The VM's plug for a disk: its userdevice is the disk's position in the VM (0 = xvda).
                    var vbd = Members(Struct(fields.GetValueOrDefault("snapshot"), $"the snapshot of {id}"));
                    var device = Text(vbd.GetValueOrDefault("userdevice"));
                    if (Text(vbd.GetValueOrDefault("VDI")) is { Length: > 0 } vdiRef && device.Length > 0)
                    {
                        devices.TryAdd(vdiRef, device);
                    }

                    break;
            }
        }

        foreach (var (vdiRef, device) in devices)
        {
            if (vdis.TryGetValue(vdiRef, out var vdi))
            {
                vdis[vdiRef] = vdi with { UserDevice = device };
            }
        }

        if (vmName is null)
        {
            throw new XvaInvalidException("ova.xml lists no VM: not a VM export");
        }

        return new OvaManifest(vmName, vmUuid ?? "", vdis);
    }

    private static OvaVdi ParseVdi(string id, Dictionary<string, XElement> snapshot)
    {
        var text = Text(snapshot.GetValueOrDefault("virtual_size"));
        if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var size))
        {
            throw new XvaInvalidException($"ova.xml: VDI {id} has no valid virtual_size ('{text}')");
        }

        return new OvaVdi(id, Text(snapshot.GetValueOrDefault("name_label")), size);
    }

    private static XElement Struct(XElement? value, string what) =>
        value?.Element("struct") ?? throw new XvaInvalidException($"ova.xml: {what} is not an XML-RPC struct");

    private static Dictionary<string, XElement> Members(XElement structElement)
    {
        var members = new Dictionary<string, XElement>(StringComparer.Ordinal);
        foreach (var member in structElement.Elements("member"))
        {
            if (member.Element("name")?.Value is { } name && member.Element("value") is { } value)
            {
                members[name] = value;
            }
        }

        return members;
    }

    /// <summary>An XML-RPC scalar: typed (<c>&lt;string&gt;</c>, <c>&lt;i4&gt;</c>, ...) or bare text, which means string.</summary>
    private static string Text(XElement? value) => value is null ? "" : (value.Elements().FirstOrDefault() ?? value).Value.Trim();

    private static bool IsTrue(Dictionary<string, XElement> fields, string name) =>
        Text(fields.GetValueOrDefault(name)) is "true" or "1";
}

/// <param name="Id">The object id in ova.xml, <c>Ref:n</c>: also the folder of the VDI's chunks in the archive.</param>
/// <param name="UserDevice">The disk's position in the VM (its VBD's userdevice, 0 = first disk), when ova.xml has it.</param>
internal sealed record OvaVdi(string Id, string Name, long VirtualSize, string? UserDevice = null);
