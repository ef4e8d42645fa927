using System.Net.Http;
using System.Security.Authentication;
using BackupHealth.Agent.Probes.Shared.Http;
using BackupHealth.VendorFakes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace BackupHealth.Agent.Tests.Probes.Shared.Http;

/// <summary>Against a real HTTPS server with a self-signed certificate, as a VBR or XenServer host presents.</summary>
public sealed class CertificatePinTests : IAsyncLifetime
{
    private LoopbackWebServer _server = null!;

    public async Task InitializeAsync() =>
        _server = await LoopbackWebServer.StartAsync(app => app.MapGet("/ping", () => Results.Text("pong")), https: true);

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private async Task<string> GetAsync(string? thumbprint)
    {
        using var client = new HttpClient(CertificatePin.CreateHandler(thumbprint));
        return await client.GetStringAsync(new Uri(_server.BaseAddress, "ping"));
    }

    [Fact]
    public async Task A_self_signed_certificate_is_refused_by_default()
    {
        var error = await Assert.ThrowsAsync<HttpRequestException>(() => GetAsync(null));

        Assert.IsType<AuthenticationException>(error.InnerException);
    }

    [Fact]
    public async Task The_pinned_certificate_is_accepted_by_sha256_or_sha1_with_separators()
    {
        var sha256 = _server.CertificateSha256!;
        var sha1 = _server.Certificate!.Thumbprint;
        var colons = string.Join(':', Enumerable.Range(0, sha1.Length / 2).Select(i => sha1.Substring(i * 2, 2))).ToLowerInvariant();

        Assert.Equal("pong", await GetAsync(sha256));
        Assert.Equal("pong", await GetAsync(colons));
    }

    [Fact]
    public async Task Another_pin_is_refused()
    {
        var wrong = new string('A', 64);

        await Assert.ThrowsAsync<HttpRequestException>(() => GetAsync(wrong));
    }

    [Theory]
    [InlineData("12:34", "must be the certificate's SHA-256")]
    [InlineData("zz" + "00000000000000000000000000000000000000", "must be the certificate's SHA-256")]
    [InlineData("", null)]
    public void Thumbprint_settings_are_checked(string value, string? error)
    {
        var message = CertificatePin.Validate(value);

        if (error is null)
        {
            Assert.Null(message);
        }
        else
        {
            Assert.StartsWith(error, message, StringComparison.Ordinal);
        }
    }
}
