using System.Security.Cryptography.X509Certificates;
using BackupHealth.Collector.Enrolment;
using BackupHealth.Collector.Hosting;
using BackupHealth.Collector.Tests.Support;
using BackupHealth.Collector.Tests.Telemetry;
using BackupHealth.Collector.Tls;
using BackupHealth.FilesAtRest;
using BackupHealth.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace BackupHealth.Collector.Tests.Hosting;

/// <summary>What the collector leaves in its data path — the database and the files SQLite keeps beside it, its own
/// CAs and keys, the sign-in keys — is readable by its user only, whatever umask it was started under: no installer
/// or unit has to see to it. The umask belongs to the whole test process, so these tests run alone.</summary>
[Collection(RunsAlone.Name)]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class FilesAtRestTests : IDisposable
{
    private readonly TempDirectory _root = new("bh-files-at-rest");

    public void Dispose() => _root.Dispose();

    private string DataPath => _root.Combine("data");

    [LinuxTheory]
    [InlineData(0b_000_010_010)]
    [InlineData(0)]
    public async Task Every_file_and_folder_the_collector_makes_in_its_data_path_is_owner_only_whatever_the_umask(int umask)
    {
        using (new ProcessUmask((uint)umask))
        {
            var (app, _, errors) = Build();
            await using (app)
            {
                await app.StartAsync();
                await MakeEveryFileAsync(app);

                var entries = Entries(DataPath);

                Assert.Superset(
                    new HashSet<string>(["", "backuphealth.db", "backuphealth.db-wal", "backuphealth.db-shm", "tls", "tls/ca.key", "tls/server.key", "tls/agent-ca.key", "keys"]),
                    entries.Keys.ToHashSet());
                Assert.Contains(entries.Keys, name => name.StartsWith("keys/", StringComparison.Ordinal) && name.EndsWith(".xml", StringComparison.Ordinal));
                Assert.All(entries, entry => Assert.Equal(
                    (entry.Key, Directory.Exists(Path.Combine(DataPath, entry.Key)) ? OwnerOnly.FolderPermissions : OwnerOnly.FilePermissions),
                    (entry.Key, entry.Value)));
                await app.StopAsync();
            }

            errors.AssertNone();
        }
    }

    [LinuxFact]
    public async Task A_database_an_earlier_version_left_readable_by_others_is_narrowed_at_start_and_said()
    {
        var database = Path.Combine(DataPath, "backuphealth.db");
        var (first, _, firstErrors) = Build();
        await using (first)
        {
            await first.StartAsync();
            await first.StopAsync();
        }

        firstErrors.AssertNone();
        File.SetUnixFileMode(database, OwnerOnly.FilePermissions | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        var log = new CollectorLog();
        var (second, _, errors) = Build(log.AddTo);
        await using (second)
        {
            await second.StartAsync();

            Assert.Equal(OwnerOnly.FilePermissions, File.GetUnixFileMode(database));
            Assert.Equal(OwnerOnly.FilePermissions, File.GetUnixFileMode(database + "-wal"));
            var said = Assert.Single(log.Records, r => r.Id.Id == 1390);
            Assert.Equal($"{database} was mode 0644: made it readable by the collector's user only (0600)", said.Message);
            await second.StopAsync();
        }

        errors.AssertNone();
    }

    /// <summary>A collector with its own CA (no certificate configured) in a data folder that does not exist yet. Its
    /// clock is the real time: the test's HTTPS client checks the self-made certificate's validity on its own.</summary>
    private (WebApplication App, FakeTimeProvider Time, ErrorLogCollector Errors) Build(Action<IServiceCollection>? services = null) =>
        TestCollector.Build(_root, settings =>
        {
            settings.Remove("Collector:Tls:CertificatePath");
            settings.Remove("Collector:Tls:KeyPath");
            settings["Collector:DataPath"] = DataPath;
        }, s =>
        {
            s.AddSingleton<TimeProvider>(new FakeTimeProvider(DateTimeOffset.UtcNow));
            services?.Invoke(s);
        });

    /// <summary>Some files are made at first use: the sign-in keys with the first form, the agent CA with the first
    /// enrolment, the write-ahead log with the first write (here the readiness probe's).</summary>
    private async Task MakeEveryFileAsync(WebApplication app)
    {
        var ca = X509Certificate2.CreateFromPem(await File.ReadAllTextAsync(Path.Combine(DataPath, SelfMadeCertificates.FolderName, SelfMadeCertificates.CaCertificateFile)));
        using var web = new HttpClient(TestTls.Trust(new SocketsHttpHandler(), ca)) { BaseAddress = app.Services.GetRequiredService<CollectorEndpoints>().Web };
        Assert.Contains("__RequestVerificationToken", await web.GetStringAsync(new Uri("/signin", UriKind.Relative)), StringComparison.Ordinal);
        _ = app.Services.GetRequiredService<AgentCertificateAuthority>().Ca;
        Assert.Equal("Healthy", await web.GetStringAsync(new Uri("/health/ready", UriKind.Relative)));
    }

    /// <summary>Every file and folder under <paramref name="root"/> (itself as "") with its mode.</summary>
    private static Dictionary<string, UnixFileMode> Entries(string root) =>
        Directory.EnumerateFileSystemEntries(root, "*", SearchOption.AllDirectories).Append(root)
            .ToDictionary(path => Path.GetRelativePath(root, path) is var name && name != "." ? name : "", File.GetUnixFileMode);
}
