using BackupHealth.Agent.Probes.Xva;

namespace BackupHealth.Agent.Tests.Probes.Xva;

/// <summary>ova.xml as xapi writes it (XML-RPC: booleans as &lt;boolean&gt;1&lt;/boolean&gt;, other scalars as
/// strings) and the ways one can be unusable, each named in the reason.</summary>
public sealed class OvaManifestTests
{
    private const string Vm = """<value><struct><member><name>class</name><value>VM</value></member><member><name>id</name><value>Ref:0</value></member><member><name>snapshot</name><value><struct><member><name>name_label</name><value>web01</value></member><member><name>uuid</name><value>2b0d4d4e</value></member><member><name>is_a_snapshot</name><value><boolean>0</boolean></value></member></struct></value></member></struct></value>""";

    [Theory]
    [InlineData("<boolean>1</boolean>")]
    [InlineData("true")]
    public void The_exported_vm_is_named_not_a_snapshot_of_it_listed_before(string isSnapshot)
    {
        var snapshot = Vm.Replace("web01", "web01 before upgrade", StringComparison.Ordinal)
            .Replace("<boolean>0</boolean>", isSnapshot, StringComparison.Ordinal)
            .Replace("2b0d4d4e", "snapshot-uuid", StringComparison.Ordinal);

        var manifest = Parse(Objects(snapshot + Vm));

        Assert.Equal(("web01", "2b0d4d4e"), (manifest.VmName, manifest.VmUuid));
    }

    [Fact]
    public void A_vm_without_a_uuid_has_an_empty_one()
    {
        var manifest = Parse(Objects(Vm.Replace("<member><name>uuid</name><value>2b0d4d4e</value></member>", "", StringComparison.Ordinal)));

        Assert.Equal(("web01", ""), (manifest.VmName, manifest.VmUuid));
    }

    [Fact]
    public void A_vbd_without_a_userdevice_leaves_the_disk_without_a_position()
    {
        var manifest = Parse(Objects(Vm + Object("VDI", "Ref:3", "<member><name>virtual_size</name><value>3</value></member>")
            + Object("VBD", "Ref:9", "<member><name>VDI</name><value>Ref:3</value></member><member><name>userdevice</name><value></value></member>")));

        Assert.Equal(new OvaVdi("Ref:3", "", 3), manifest.Vdis["Ref:3"]);
    }

    [Theory]
    [InlineData("<value><struct>", "ova.xml is not well-formed XML: ")]
    [InlineData("<value><array/></value>", "ova.xml: the root value is not an XML-RPC struct")]
    [InlineData("<value><struct/></value>", "ova.xml has no objects member: not an XVA export")]
    [InlineData("<value><struct><member><name>objects</name><value/></member></struct></value>", "ova.xml lists no VM: not a VM export")]
    [InlineData("<value><struct><member><name>objects</name><value><array><data><value>VM</value></data></array></value></member></struct></value>", "ova.xml: an object is not an XML-RPC struct")]
    public void An_unusable_ova_xml_is_named(string xml, string reason)
    {
        Assert.StartsWith(reason, Reason(xml), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("VM")]
    [InlineData("VDI")]
    [InlineData("VBD")]
    public void An_object_without_its_snapshot_struct_is_named(string @class)
    {
        var xml = Objects(Vm + $"<value><struct><member><name>class</name><value>{@class}</value></member><member><name>id</name><value>Ref:7</value></member></struct></value>");

        Assert.Equal("ova.xml: the snapshot of Ref:7 is not an XML-RPC struct", Reason(xml));
    }

    [Fact]
    public void A_vdi_without_a_valid_virtual_size_is_named()
    {
        var xml = Objects(Vm + Object("VDI", "Ref:3", "<member><name>virtual_size</name><value>-3</value></member>"));

        Assert.Equal("ova.xml: VDI Ref:3 has no valid virtual_size ('-3')", Reason(xml));
    }

    private static string Objects(string objects) =>
        $"<value><struct><member><name>objects</name><value><array><data>{objects}</data></array></value></member></struct></value>";

    private static string Object(string @class, string id, string fields) =>
        $"<value><struct><member><name>class</name><value>{@class}</value></member><member><name>id</name><value>{id}</value></member><member><name>snapshot</name><value><struct>{fields}</struct></value></member></struct></value>";

    private static OvaManifest Parse(string xml) => OvaManifest.Parse(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(xml)));

    private static string Reason(string xml) => Assert.Throws<XvaInvalidException>(() => Parse(xml)).Message;
}
