using BackupHealth.Collector.Tls;

namespace BackupHealth.Collector.Tests.Tls;

public sealed class TlsOptionsValidatorTests
{
    private static List<string> Failures(TlsOptions options) =>
        new TlsOptionsValidator().Validate(null, options).Failures?.ToList() ?? [];

    [Fact]
    public void Defaults_are_valid()
    {
        Assert.Empty(Failures(new TlsOptions()));
    }

    [Fact]
    public void A_key_or_password_without_a_certificate_is_named()
    {
        Assert.Equal(
            [
                "Collector:Tls:KeyPath: needs Collector:Tls:CertificatePath (the certificate the key belongs to)",
                "Collector:Tls:PasswordFile: needs Collector:Tls:CertificatePath (the file the password opens)",
            ],
            Failures(new TlsOptions { KeyPath = "server.key", PasswordFile = "password" }));
    }

    [Theory]
    [InlineData("backuphealth.msp.example", true)]
    [InlineData("10.0.0.5", true)]
    [InlineData("fe80::1", true)]
    [InlineData("has space.example", false)]
    [InlineData("https://collector.example", false)]
    [InlineData("", false)]
    public void Names_must_be_dns_names_or_ip_addresses(string name, bool valid)
    {
        var failures = Failures(new TlsOptions { Names = ["localhost", name] });

        Assert.Equal(valid ? [] : [$"Collector:Tls:Names:1: '{name}' is neither a DNS name nor an IP address"], failures);
    }
}
