using BackupHealth.Agent.Probes.Xva;
using BackupHealth.Testing;
using BackupHealth.VendorFakes.Xva;

namespace BackupHealth.Agent.Tests.Probes.Xva;

/// <summary>A failure reason names the disk as a person knows it: the VM, the disk's position in the VM and its
/// name, with the archive's Ref:n — not the Ref alone, which means nothing outside the archive.</summary>
public sealed class XvaDiskLabelTests : IDisposable
{
    private const int MiB = 1024 * 1024;

    private readonly TempDirectory _folder = new("bh-xva-label");

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void The_position_is_the_disks_userdevice_in_the_vm()
    {
        var path = Write(new XvaWriter
        {
            VmName = "db01",
            Disks =
            [
                XvaTestDisk.Random("Ref:3", 2L * MiB, seed: 1).Named("db01 system", userDevice: "0"),
                XvaTestDisk.Random("Ref:5", 3L * MiB, seed: 2).Named("db01 data", userDevice: "2"),
            ],
            Faults = new XvaFaults { FlipByteIn = ("Ref:5", 1) },
        });

        var result = XvaVerifier.Verify(path, null, CancellationToken.None);

        Assert.StartsWith("db01 disk 2 'db01 data', Ref:5, chunk 00000001 (disk offset 1048576): xxhash mismatch", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_vbd_in_ova_xml_the_position_is_the_disks_order_in_the_archive_and_a_truncation_names_it_too()
    {
        var path = Write(new XvaWriter
        {
            VmName = "db01",
            Disks = [XvaTestDisk.Random("Ref:3", 2L * MiB, seed: 1), XvaTestDisk.Random("Ref:5", 3L * MiB, seed: 2).Named("")],
        });
        XvaWriter.Truncate(path, new FileInfo(path).Length - (MiB + 600));

        var result = XvaVerifier.Verify(path, null, CancellationToken.None);

        Assert.Contains("; db01 disk 1, Ref:5 rebuilt to", result.Reason, StringComparison.Ordinal);
    }

    private string Write(XvaWriter writer)
    {
        var path = _folder.Combine("vm.xva");
        writer.Write(path);
        return path;
    }
}
