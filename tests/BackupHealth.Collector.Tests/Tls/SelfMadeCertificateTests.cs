using System.Security.Cryptography.X509Certificates;
using BackupHealth.Collector.Hosting;
using BackupHealth.Collector.Tests.Support;
using BackupHealth.Collector.Tls;
using BackupHealth.Contracts;
using BackupHealth.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace BackupHealth.Collector.Tests.Tls;

/// <summary>The collector with no certificate configured: its own CA and server certificate in the data folder, made at
/// first start and kept. The collector's clock starts at the real time, because TLS clients check validity on theirs.</summary>
public sealed class SelfMadeCertificateTests : IDisposable
{
    private readonly TempDirectory _data = new("bh-tls-self");
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);

    public void Dispose() => _data.Dispose();

    private string Tls(string file) => _data.Combine(SelfMadeCertificates.FolderName, file);

    private async Task<WebApplication> StartAsync(Action<Dictionary<string, string?>>? configure = null)
    {
        var (app, _, errors) = TestCollector.Build(_data, settings =>
        {
            settings.Remove("Collector:Tls:CertificatePath");
            settings.Remove("Collector:Tls:KeyPath");
            configure?.Invoke(settings);
        }, services => services.AddSingleton<TimeProvider>(_time));
        await app.StartAsync();
        errors.AssertNone();
        return app;
    }

    private static Uri Grpc(WebApplication app) => app.Services.GetRequiredService<CollectorEndpoints>().Grpc;

    private X509Certificate2 Ca() => PemCertificate(Tls(SelfMadeCertificates.CaCertificateFile));

    private static X509Certificate2 PemCertificate(string path)
    {
        var certificates = new X509Certificate2Collection();
        certificates.ImportFromPemFile(path);
        return Assert.Single(certificates);
    }

    [Fact]
    public async Task First_start_makes_a_ca_and_a_server_certificate_that_a_client_trusting_the_ca_accepts()
    {
        await using var app = await StartAsync();

        var handshake = await TlsHandshake.ToAsync(Grpc(app), Ca());
        var ca = Ca();
        Assert.True(handshake.Trusted);
        Assert.Equal(ca.Subject, handshake.Certificate.Issuer);
        Assert.Superset(new HashSet<string>(["localhost", "127.0.0.1", "::1"]), CertificateIssuer.NamesOf(handshake.Certificate));
        Assert.Equal(CollectorPin.Of(ca), app.Services.GetRequiredService<ServerCertificates>().Pin);
        Assert.True(ca.NotAfter > _time.GetUtcNow().AddYears(19).UtcDateTime);
        Assert.InRange((handshake.Certificate.NotAfter - _time.GetUtcNow().UtcDateTime).TotalDays, 396, 397);
    }

    [LinuxFact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public async Task Private_keys_are_readable_by_the_collector_user_only()
    {
        await using var app = await StartAsync();

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Tls(SelfMadeCertificates.CaKeyFile)));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Tls(SelfMadeCertificates.ServerKeyFile)));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(_data.Combine(SelfMadeCertificates.FolderName)));
    }

    [Fact]
    public async Task A_restart_keeps_the_ca_and_the_server_certificate()
    {
        string? pin;
        string thumbprint;
        await using (var first = await StartAsync())
        {
            pin = first.Services.GetRequiredService<ServerCertificates>().Pin;
            thumbprint = (await TlsHandshake.ToAsync(Grpc(first), Ca())).Certificate.Thumbprint;
        }

        await using var second = await StartAsync();

        Assert.Equal(pin, second.Services.GetRequiredService<ServerCertificates>().Pin);
        Assert.Equal(thumbprint, (await TlsHandshake.ToAsync(Grpc(second), Ca())).Certificate.Thumbprint);
    }

    [Fact]
    public async Task A_new_name_in_the_settings_gets_a_new_server_certificate_from_the_same_ca()
    {
        string? pin;
        await using (var first = await StartAsync())
        {
            pin = first.Services.GetRequiredService<ServerCertificates>().Pin;
        }

        await using var second = await StartAsync(settings =>
        {
            settings["Collector:Tls:Names:0"] = "backuphealth.msp.example";
            settings["Collector:Tls:Names:1"] = "127.0.0.1";
        });

        var handshake = await TlsHandshake.ToAsync(Grpc(second), Ca());
        Assert.Equal(pin, second.Services.GetRequiredService<ServerCertificates>().Pin);
        Assert.True(handshake.Trusted);
        Assert.Equal(["127.0.0.1", "backuphealth.msp.example"], CertificateIssuer.NamesOf(handshake.Certificate).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task The_server_certificate_is_renewed_30_days_before_it_expires_without_a_restart()
    {
        await using var app = await StartAsync();
        var before = (await TlsHandshake.ToAsync(Grpc(app), Ca())).Certificate;

        _time.SetUtcNow(new DateTimeOffset(before.NotAfter.ToUniversalTime(), TimeSpan.Zero) - TimeSpan.FromDays(31));
        var notYet = (await TlsHandshake.ToAsync(Grpc(app), Ca())).Certificate;
        _time.Advance(TimeSpan.FromDays(2));
        var after = (await TlsHandshake.ToAsync(Grpc(app), Ca())).Certificate;

        Assert.Equal(before.Thumbprint, notYet.Thumbprint);
        Assert.NotEqual(before.Thumbprint, after.Thumbprint);
        Assert.Equal(before.Issuer, after.Issuer);
        Assert.True(after.NotAfter > before.NotAfter.AddDays(300));
        Assert.Equal(after.Thumbprint, PemCertificate(Tls(SelfMadeCertificates.ServerCertificateFile)).Thumbprint);
    }

    [Fact]
    public async Task A_ca_certificate_without_its_key_stops_the_start_and_says_what_to_do()
    {
        await using (await StartAsync())
        {
        }

        File.Delete(Tls(SelfMadeCertificates.CaKeyFile));
        var (app, _, _) = TestCollector.Build(_data, settings =>
        {
            settings.Remove("Collector:Tls:CertificatePath");
            settings.Remove("Collector:Tls:KeyPath");
        });
        await using (app)
        {
            var error = await Assert.ThrowsAsync<CollectorStartupException>(() => app.StartAsync());

            Assert.StartsWith($"{Tls(SelfMadeCertificates.CaKeyFile)} is missing beside ca.crt: restore both from a backup", error.Message, StringComparison.Ordinal);
        }
    }
}
