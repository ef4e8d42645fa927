using BackupHealth.FilesAtRest;
using BackupHealth.Testing;

namespace BackupHealth.Agent.Tests.Hosting;

/// <summary>The one writer of whole files both programs share: a failed write leaves the old file and no temporary
/// file, and the new file has exactly the asked mode even where a temporary file left by a crash had a wider one.</summary>
public sealed class AtomicFileTests : IDisposable
{
    private readonly TempDirectory _temp = new("bh-atomic-file");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void A_write_that_fails_leaves_the_old_file_whole_and_no_temporary_file()
    {
        var path = _temp.Combine("state.json");
        File.WriteAllText(path, "old");

        var error = Assert.Throws<IOException>(() => AtomicFile.Write(path, stream =>
        {
            stream.Write("new, half"u8);
            throw new IOException("No space left on device");
        }));

        Assert.Equal("No space left on device", error.Message);
        Assert.Equal("old", File.ReadAllText(path));
        Assert.Equal([path], Directory.GetFiles(_temp.Path));
    }

    [LinuxFact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public void The_file_gets_exactly_the_mode_asked_for_even_over_a_wider_temporary_file_left_by_a_crash()
    {
        var path = _temp.Combine("key.pem");
        var stale = path + AtomicFile.TemporarySuffix;
        File.WriteAllText(stale, "left by a crash");
        File.SetUnixFileMode(stale, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        AtomicFile.Write(path, "secret"u8.ToArray());

        Assert.Equal("secret", File.ReadAllText(path));
        Assert.Equal(OwnerOnly.FilePermissions, File.GetUnixFileMode(path));
        Assert.False(File.Exists(stale));
    }

    [LinuxFact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public void Missing_parent_folders_are_made_owner_only_and_an_existing_one_keeps_its_mode()
    {
        var existing = _temp.Combine("data");
        Directory.CreateDirectory(existing);
        const UnixFileMode Installer = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute;
        File.SetUnixFileMode(existing, Installer);

        OwnerOnly.CreateFolder(Path.Combine(existing, "outbox", "rejected"));

        Assert.Equal(Installer, File.GetUnixFileMode(existing));
        Assert.Equal(OwnerOnly.FolderPermissions, File.GetUnixFileMode(Path.Combine(existing, "outbox")));
        Assert.Equal(OwnerOnly.FolderPermissions, File.GetUnixFileMode(Path.Combine(existing, "outbox", "rejected")));
    }
}
