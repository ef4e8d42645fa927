using BackupHealth.Agent.Probes;
using BackupHealth.Contracts.V1;
using BackupHealth.VendorFakes.Veeam;

namespace BackupHealth.Agent.Tests.Probes.Veeam;

/// <summary>x-api-version negotiation: newest known revision first, step down on VBR's "Unsupported RESTAPI version",
/// keep what worked; per-VM results only where the revision has task sessions; what the Agents page is told.</summary>
public sealed class VeeamProbeRevisionTests : IAsyncLifetime
{
    private static readonly string[] Vbr122 = ["1.0-rev1", "1.0-rev2", "1.1-rev0", "1.1-rev1", "1.1-rev2"];
    private static readonly string[] Vbr1231 = [.. Vbr122, "1.2-rev0", "1.2-rev1"];
    private static readonly Guid Job = Guid.Parse("0b8f3c55-7e1a-4d2b-9c6f-1a2b3c4d5e6f");
    private VeeamRig _rig = null!;

    public async Task InitializeAsync()
    {
        _rig = await VeeamRig.StartAsync();
        _rig.Server.AddJobs(new VeeamFakeJob { Id = Job, Name = "Hyper-V nightly", Type = "HyperVBackup" });
    }

    public async Task DisposeAsync() => await _rig.DisposeAsync();

    private void ServerKnows(params string[] revisions)
    {
        _rig.Server.ApiVersions.Clear();
        foreach (var revision in revisions)
        {
            _rig.Server.ApiVersions.Add(revision);
        }
    }

    private VeeamFakeSession FinishedSessionWithVm(string vm, TimeSpan ago)
    {
        var session = VeeamFakeSession.Finished("Hyper-V nightly", Job, VeeamRig.Now - ago, TimeSpan.FromMinutes(20));
        _rig.Server.AddSessions(session);
        _rig.Server.AddTaskSessions(session.Id, VeeamFakeTaskSession.For(session, vm));
        return session;
    }

    private List<(string? Version, int Status)> Logins() =>
        _rig.Server.Requests.Where(r => r.GrantType == "password").Select(r => (r.ApiVersion, r.Status)).ToList();

    private int TaskRequests() => _rig.Server.Requests.Count(r => r.Path.EndsWith("/taskSessions", StringComparison.Ordinal));

    [Fact]
    public async Task On_12_2_the_probe_steps_down_to_the_newest_revision_the_server_lists_and_says_per_vm_results_need_12_3_1()
    {
        ServerKnows(Vbr122);
        FinishedSessionWithVm("DC01", TimeSpan.FromHours(2));

        var result = await _rig.Probe().RunAsync(CancellationToken.None);

        Assert.Equal(ProbeState.Ok, result.State);
        Assert.Equal([("1.3-rev1", 400), ("1.1-rev2", 200)], Logins());
        Assert.All(_rig.Server.Requests.Skip(1), r => Assert.Equal(("1.1-rev2", 200), (r.ApiVersion, r.Status)));
        Assert.Equal(0, TaskRequests());
        Assert.DoesNotContain(result.Observations, o => o.SourceKind == "veeam.vbr.task");
        Assert.Equal("1.1-rev2", result.Details!["api_version"]);
        Assert.Equal("no: needs API 1.2-rev1 (VBR 12.3.1 or later)", result.Details["per_vm_results"]);
    }

    [Fact]
    public async Task On_12_3_1_the_negotiated_revision_has_task_sessions_and_per_vm_results_are_reported()
    {
        ServerKnows(Vbr1231);
        FinishedSessionWithVm("DC01", TimeSpan.FromHours(2));

        var result = await _rig.Probe().RunAsync(CancellationToken.None);

        Assert.Equal([("1.3-rev1", 400), ("1.2-rev1", 200)], Logins());
        Assert.Equal("DC01", Assert.Single(result.Observations, o => o.SourceKind == "veeam.vbr.task").ProtectedObject);
        Assert.Equal(("1.2-rev1", "yes"), (result.Details!["api_version"], result.Details["per_vm_results"]));
    }

    [Fact]
    public async Task The_revision_that_worked_is_sent_straight_away_at_later_logins()
    {
        ServerKnows(Vbr122);
        var probe = _rig.Probe();
        await probe.RunAsync(CancellationToken.None);
        _rig.Server.ExpireAllTokens(alsoRefreshTokens: true);

        var later = await probe.RunAsync(CancellationToken.None);

        Assert.Equal(ProbeState.Ok, later.State);
        Assert.Equal([("1.3-rev1", 400), ("1.1-rev2", 200), ("1.1-rev2", 200)], Logins());
    }

    [Fact]
    public async Task Before_any_session_ended_per_vm_results_are_expected_not_promised()
    {
        var result = await _rig.Probe().RunAsync(CancellationToken.None);

        Assert.Equal(("1.3-rev1", "expected (no finished session asked yet)"), (result.Details!["api_version"], result.Details["per_vm_results"]));
    }

    [Fact]
    public async Task A_server_that_refuses_the_task_session_route_is_asked_once_and_the_page_says_no()
    {
        ServerKnows(Vbr1231);
        _rig.Server.TaskSessionsSince = "1.3-rev0";
        FinishedSessionWithVm("DC01", TimeSpan.FromHours(3));
        FinishedSessionWithVm("SQL01", TimeSpan.FromHours(2));
        var probe = _rig.Probe();

        var first = await probe.RunAsync(CancellationToken.None);
        FinishedSessionWithVm("FS01", TimeSpan.FromHours(1));
        _rig.Time.Advance(TimeSpan.FromMinutes(5));
        var second = await probe.RunAsync(CancellationToken.None);

        Assert.Equal(ProbeState.Ok, second.State);
        Assert.Equal(1, TaskRequests());
        Assert.Equal(2, first.Observations.Count(o => o.SourceKind == "veeam.vbr"));
        Assert.Equal("no: the server refused task sessions under API 1.2-rev1", second.Details!["per_vm_results"]);
    }

    [Fact]
    public async Task The_ApiVersion_setting_is_sent_as_is_and_shown_as_the_setting()
    {
        var result = await _rig.Probe(o => o.ApiVersion = "1.1-rev0").RunAsync(CancellationToken.None);

        Assert.Equal(ProbeState.Ok, result.State);
        Assert.All(_rig.Server.Requests, r => Assert.Equal("1.1-rev0", r.ApiVersion));
        Assert.Equal("1.1-rev0 (ApiVersion setting)", result.Details!["api_version"]);
    }

    [Fact]
    public async Task A_server_knowing_none_of_the_probes_revisions_is_a_probe_error_saying_what_to_set()
    {
        ServerKnows("0.9-rev4");

        var result = await _rig.Probe().RunAsync(CancellationToken.None);

        Assert.Equal(ProbeState.Error, result.State);
        Assert.Contains("accepts none of the REST API revisions this probe knows", result.Message, StringComparison.Ordinal);
        Assert.Contains("supported: v0.9-rev4", result.Message, StringComparison.Ordinal);
        Assert.Contains("set ApiVersion", result.Message, StringComparison.Ordinal);
        Assert.Equal([("1.3-rev1", 400)], Logins());
        Assert.False(result.Details!.ContainsKey("api_version"));
    }

    [Fact]
    public async Task The_stand_in_refuses_an_unknown_revision_as_VBR_does()
    {
        ServerKnows(Vbr122);
        using var http = new HttpClient(Agent.Probes.Shared.Http.CertificatePin.CreateHandler(_rig.Server.CertificateSha256));
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(_rig.Server.BaseAddress, "api/v1/jobs/states"));
        request.Headers.Add("x-api-version", "1.2-rev1");

        using var response = await http.SendAsync(request);

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(
            """{"errorCode":"NotImplemented","message":"Unsupported RESTAPI version. The following versions are supported: v1.0-rev1, v1.0-rev2, v1.1-rev0, v1.1-rev1, v1.1-rev2","resourceId":null}""",
            await response.Content.ReadAsStringAsync());
    }
}
