using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using BackupHealth.Agent.Enrolment;
using BackupHealth.Testing;

namespace BackupHealth.Agent.Tests.Enrolment;

/// <summary>The key and certificate are replaced as a pair, also when a replace was cut short.</summary>
public sealed class AgentIdentityTests : IDisposable
{
    private readonly TempDirectory _temp = new("identity");
    private readonly AgentIdentity _identity;

    public AgentIdentityTests() => _identity = new AgentIdentity(_temp.Path);

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void A_replace_cut_short_after_both_new_files_were_written_is_finished_on_the_next_read()
    {
        var (oldKey, newKey) = ReplaceCutShortAfterTheNewCertificate();
        using var _ = oldKey;
        using var __ = newKey;
        File.WriteAllText(_identity.KeyFile + ".new", newKey.ExportPkcs8PrivateKeyPem());

        Assert.True(new AgentIdentity(_temp.Path).Exists);

        using var certificate = _identity.LoadWithKey();
        Assert.True(AgentIdentity.SameKey(certificate, newKey));
        Assert.Empty(Directory.GetFiles(_identity.Folder, "*.new"));
    }

    [Fact]
    public void A_replace_cut_short_after_the_key_was_moved_puts_its_certificate_in_place()
    {
        var (oldKey, newKey) = ReplaceCutShortAfterTheNewCertificate();
        using var _ = oldKey;
        using var __ = newKey;
        File.WriteAllText(_identity.KeyFile, newKey.ExportPkcs8PrivateKeyPem());

        using var certificate = _identity.LoadWithKey();

        Assert.True(AgentIdentity.SameKey(certificate, newKey));
    }

    [Fact]
    public void A_new_certificate_whose_key_never_arrived_leaves_the_old_pair_in_use()
    {
        var (oldKey, newKey) = ReplaceCutShortAfterTheNewCertificate();
        using var _ = oldKey;
        using var __ = newKey;

        using var certificate = _identity.LoadWithKey();

        Assert.True(AgentIdentity.SameKey(certificate, oldKey));
    }

    [Fact]
    public void A_certificate_for_another_key_is_not_stored()
    {
        using var key = AgentKey.Create();
        using var other = AgentKey.Create();

        Assert.Throws<EnrolmentException>(() => _identity.Store(key, Certificate(other)));
        Assert.False(_identity.Exists);
    }

    /// <summary>A stored pair, and the certificate of a new key written beside it as a replace does first.</summary>
    private (ECDsa OldKey, ECDsa NewKey) ReplaceCutShortAfterTheNewCertificate()
    {
        var oldKey = AgentKey.Create();
        _identity.Store(oldKey, Certificate(oldKey));
        var newKey = AgentKey.Create();
        using var newCertificate = X509CertificateLoader.LoadCertificate(Certificate(newKey));
        File.WriteAllText(_identity.CertificateFile + ".new", newCertificate.ExportCertificatePem());
        return (oldKey, newKey);
    }

    private static byte[] Certificate(ECDsa key)
    {
        var request = new CertificateRequest(AgentKey.Subject("agent-7"), key, HashAlgorithmName.SHA256);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddDays(3));
        return certificate.RawData;
    }
}
