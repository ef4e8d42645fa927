using BackupHealth.Agent.Probes;
using BackupHealth.Contracts.V1;
using BackupHealth.VendorFakes.Veeam;

namespace BackupHealth.Agent.Tests.Probes.Veeam;

/// <summary>Login, token lifetime, the version header, certificates and an unreachable server.</summary>
public sealed class VeeamProbeConnectionTests : IAsyncLifetime
{
    private VeeamRig _rig = null!;

    public async Task InitializeAsync()
    {
        _rig = await VeeamRig.StartAsync();
        _rig.Server.AddSessions(VeeamFakeSession.Finished("SQL01 nightly", Guid.NewGuid(), VeeamRig.Now - TimeSpan.FromHours(2), TimeSpan.FromMinutes(5)));
    }

    public async Task DisposeAsync() => await _rig.DisposeAsync();

    private List<string?> Grants() => _rig.Server.Requests.Where(r => r.Path == "/api/oauth2/token").Select(r => r.GrantType).ToList();

    [Fact]
    public async Task Logs_in_with_the_password_grant_and_sends_the_api_version_on_every_request()
    {
        var result = await _rig.Probe().RunAsync(CancellationToken.None);

        Assert.Equal(ProbeState.Ok, result.State);
        var requests = _rig.Server.Requests;
        Assert.Equal("/api/oauth2/token", requests[0].Path);
        Assert.Equal("password", requests[0].GrantType);
        Assert.All(requests, r => Assert.Equal("1.3-rev1", r.ApiVersion));
        Assert.All(requests, r => Assert.Equal(200, r.Status));
        Assert.Equal(["password"], Grants());
    }

    [Fact]
    public async Task The_token_request_sends_its_form_with_a_content_length_and_nothing_is_chunked()
    {
        var result = await _rig.Probe().RunAsync(CancellationToken.None);

        Assert.Equal(ProbeState.Ok, result.State);
        var token = Assert.Single(_rig.Server.Framing, r => r.Method == "POST");
        Assert.Equal("/api/oauth2/token", token.Path);
        Assert.True(token.ContentLength > 0 && !token.Chunked, token.ToString());
        Assert.All(_rig.Server.Framing.Where(r => r.Method == "GET"), r => Assert.True(r.ContentLength is null or 0 && !r.Chunked, r.ToString()));
    }

    [Fact]
    public async Task The_token_is_reused_while_valid_and_refreshed_with_the_refresh_token_before_it_expires()
    {
        _rig.Server.TokenLifetime = TimeSpan.FromMinutes(15);
        var probe = _rig.Probe();

        await probe.RunAsync(CancellationToken.None);
        _rig.Time.Advance(TimeSpan.FromMinutes(10));
        await probe.RunAsync(CancellationToken.None);
        var grantsWhileValid = Grants();
        _rig.Time.Advance(TimeSpan.FromMinutes(4) + TimeSpan.FromSeconds(40)); // 20 s before the server's expiry
        var refreshed = await probe.RunAsync(CancellationToken.None);
        _rig.Time.Advance(TimeSpan.FromMinutes(10));
        var withRefreshedToken = await probe.RunAsync(CancellationToken.None);

        Assert.Equal(["password"], grantsWhileValid);
        Assert.Equal(ProbeState.Ok, refreshed.State);
        Assert.Equal(ProbeState.Ok, withRefreshedToken.State);
        Assert.Equal(["password", "refresh_token"], Grants());
        Assert.DoesNotContain(_rig.Server.Requests, r => r.Status == 401);
    }

    [Fact]
    public async Task The_expires_in_the_server_sends_is_honoured()
    {
        _rig.Server.TokenLifetime = TimeSpan.FromHours(1);
        var probe = _rig.Probe();

        await probe.RunAsync(CancellationToken.None);
        _rig.Time.Advance(TimeSpan.FromMinutes(50));
        await probe.RunAsync(CancellationToken.None);
        var afterFifty = Grants();
        _rig.Time.Advance(TimeSpan.FromMinutes(10));
        await probe.RunAsync(CancellationToken.None);

        Assert.Equal(["password"], afterFifty);
        Assert.Equal(["password", "refresh_token"], Grants());
    }

    [Fact]
    public async Task A_refused_refresh_falls_back_to_a_password_login()
    {
        var probe = _rig.Probe();
        await probe.RunAsync(CancellationToken.None);
        _rig.Server.ExpireAllTokens(alsoRefreshTokens: true);
        _rig.Time.Advance(TimeSpan.FromMinutes(15));

        var result = await probe.RunAsync(CancellationToken.None);

        Assert.Equal(ProbeState.Ok, result.State);
        Assert.Equal(["password", "refresh_token", "password"], Grants());
    }

    [Fact]
    public async Task A_401_with_a_token_the_server_dropped_leads_to_one_new_login_and_the_run_succeeds()
    {
        var probe = _rig.Probe();
        await probe.RunAsync(CancellationToken.None);
        _rig.Server.ExpireAllTokens();
        _rig.Server.ClearRequests();

        var result = await probe.RunAsync(CancellationToken.None);

        Assert.Equal(ProbeState.Ok, result.State);
        var requests = _rig.Server.Requests;
        Assert.Equal(401, requests[0].Status);
        Assert.Equal("password", requests[1].GrantType);
        Assert.Equal(requests[0].Path, requests[2].Path);
        Assert.Equal(200, requests[2].Status);
        Assert.Single(requests, r => r.Status == 401);
    }

    [Fact]
    public async Task A_wrong_password_is_a_probe_error_naming_the_user()
    {
        var result = await _rig.Probe(o => o.Password = "wrong").RunAsync(CancellationToken.None);

        Assert.Equal(ProbeState.Error, result.State);
        Assert.Equal($@"{_rig.Server.BaseAddress}: login as BACKUP\svc-backuphealth refused: HTTP 401 Unauthorized: Invalid credentials.", result.Message);
        Assert.Empty(result.Observations);
    }

    [Fact]
    public async Task The_password_can_come_from_a_file()
    {
        using var folder = new BackupHealth.Testing.TempDirectory("veeam");
        var file = folder.Combine("vbr.password");
        await File.WriteAllTextAsync(file, VeeamServer.DefaultPassword + "\n");

        var result = await _rig.Probe(o =>
        {
            o.Password = null;
            o.PasswordFile = file;
        }).RunAsync(CancellationToken.None);

        Assert.Equal(ProbeState.Ok, result.State);
    }

    [Fact]
    public async Task An_api_version_the_server_does_not_know_is_a_probe_error_pointing_at_the_setting()
    {
        var result = await _rig.Probe(o => o.ApiVersion = "1.9-rev0").RunAsync(CancellationToken.None);

        Assert.Equal(ProbeState.Error, result.State);
        Assert.Contains("refuses x-api-version 1.9-rev0 from the ApiVersion setting (HTTP 400", result.Message, StringComparison.Ordinal);
        Assert.Contains("Unsupported RESTAPI version. The following versions are supported: v1.0-rev1,", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_fake_refuses_a_request_without_the_version_header()
    {
        using var http = new HttpClient(Agent.Probes.Shared.Http.CertificatePin.CreateHandler(_rig.Server.CertificateSha256));

        using var response = await http.GetAsync(new Uri(_rig.Server.BaseAddress, "api/v1/jobs/states"));

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Without_a_pin_the_self_signed_certificate_is_refused_and_the_message_says_what_to_set()
    {
        var result = await _rig.Probe(o => o.CertificateThumbprint = null).RunAsync(CancellationToken.None);

        Assert.Equal(ProbeState.Error, result.State);
        Assert.Contains("set CertificateThumbprint", result.Message, StringComparison.Ordinal);
        Assert.Empty(_rig.Server.Requests);
    }

    [Fact]
    public async Task A_pin_of_another_certificate_is_refused()
    {
        var result = await _rig.Probe(o => o.CertificateThumbprint = new string('A', 64)).RunAsync(CancellationToken.None);

        Assert.Equal(ProbeState.Error, result.State);
        Assert.Contains("does not match CertificateThumbprint", result.Message, StringComparison.Ordinal);
        Assert.Empty(_rig.Server.Requests);
    }

    [Fact]
    public async Task The_server_down_is_a_probe_error_and_the_probe_keeps_working_afterwards()
    {
        var probe = _rig.Probe();
        Assert.Equal(ProbeState.Ok, (await probe.RunAsync(CancellationToken.None)).State);
        await _rig.Server.StopAsync();

        var down = await probe.RunAsync(CancellationToken.None);
        var stillDown = await probe.RunAsync(CancellationToken.None);

        Assert.Equal(ProbeState.Error, down.State);
        Assert.StartsWith($"cannot reach {_rig.Server.BaseAddress}", down.Message, StringComparison.Ordinal);
        Assert.Equal(ProbeState.Error, stillDown.State);
        _rig.Logging.Errors.AssertNone();
    }
}
