using System.Net;
using System.Net.Http.Json;
using System.Text;
using BackupHealth.Collector.Tests.Support;
using BackupHealth.Collector.Web.Auth;

namespace BackupHealth.Collector.Tests.Web;

/// <summary>What each role may do on the JSON API, and customer limits, with API tokens of real users.</summary>
public sealed class RoleTests : IAsyncLifetime
{
    private TestCollector _collector = null!;
    private long _contosoJob;

    public async Task InitializeAsync()
    {
        _collector = await TestCollector.StartAsync();
        await using (var contoso = await _collector.ConnectAsync("hv01"))
        {
            await contoso.SendBatchAsync(Observations.Batch(1, Observations.Valid("c-1", jobKey: "contoso-sql")));
            await contoso.WaitForAckAsync(1);
            await contoso.CompleteAsync();
        }

        await using (var fabrikam = await _collector.ConnectAsync("hv02", TestCollector.FabrikamToken))
        {
            await fabrikam.SendBatchAsync(Observations.Batch(1, Observations.Valid("f-1", jobKey: "fabrikam-files")));
            await fabrikam.WaitForAckAsync(1);
            await fabrikam.CompleteAsync();
        }

        _contosoJob = await _collector.CountAsync("SELECT id FROM jobs WHERE job_key = 'contoso-sql'");
        Assert.NotEqual(0, _contosoJob);
    }

    public async Task DisposeAsync() => await _collector.DisposeAsync();

    [Theory]
    [InlineData(Roles.Viewer, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden)]
    [InlineData(Roles.Technician, HttpStatusCode.OK, HttpStatusCode.Forbidden)]
    [InlineData(Roles.Admin, HttpStatusCode.OK, HttpStatusCode.OK)]
    public async Task Viewers_read_technicians_work_alerts_admins_change_expectations(string role, HttpStatusCode evaluate, HttpStatusCode expectation)
    {
        var client = await _collector.AsAsync("someone-" + role, role);

        using var read = await client.GetAsync(new Uri("/api/v1/jobs", UriKind.Relative));
        using var evaluated = await client.PostAsync(new Uri("/api/v1/alerts/evaluate", UriKind.Relative), null);
        using var put = await client.PutAsync(new Uri($"/api/v1/jobs/{_contosoJob}/expectation", UriKind.Relative),
            new StringContent("""{"interval": "1d"}""", Encoding.UTF8, "application/json"));

        Assert.Equal((HttpStatusCode.OK, evaluate, expectation), (read.StatusCode, evaluated.StatusCode, put.StatusCode));
        Assert.Equal(expectation == HttpStatusCode.OK ? 1 : 0, await _collector.CountAsync("SELECT count(*) FROM job_expectations"));
    }

    [Fact]
    public async Task A_user_limited_to_a_customer_sees_only_that_customer_and_nothing_unfiltered()
    {
        using var limited = await WebUsers.ClientAsync(_collector.App.Services, _collector.Endpoints.Web, "fab-viewer", Roles.Viewer, "Fabrikam");

        var jobs = await limited.GetFromJsonAsync<List<JobView>>(new Uri("/api/v1/jobs", UriKind.Relative));
        var agents = await limited.GetFromJsonAsync<List<AgentView>>(new Uri("/api/v1/agents", UriKind.Relative));

        Assert.Equal(["fabrikam-files"], jobs!.Select(j => j.JobKey));
        Assert.Equal(["Fabrikam"], agents!.Select(a => a.Customer));
        foreach (var path in new[] { "/api/v1/coverage", $"/api/v1/jobs/{_contosoJob}/runs", "/api/v1/notifications", "/api/v1/silences" })
        {
            using var response = await limited.GetAsync(new Uri(path, UriKind.Relative));
            Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{path} gave {(int)response.StatusCode}");
        }
    }

    [Fact]
    public async Task A_revoked_api_token_stops_working()
    {
        var id = await WebUsers.EnsureAsync(_collector.App.Services, "script", Roles.Viewer);
        var users = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<UserAccounts>(_collector.App.Services);
        var (_, token) = await users.CreateApiTokenAsync(id, "monitoring");
        using var client = _collector.Anonymous;
        client.DefaultRequestHeaders.Authorization = new("Bearer", token);
        using (var before = await client.GetAsync(new Uri("/api/v1/jobs", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        var listed = Assert.Single(await users.ListApiTokensAsync(id, CancellationToken.None));
        Assert.Equal(ChangeStatus.Done, (await users.RevokeApiTokenAsync(id, listed.Id)).Status);

        using var after = await client.GetAsync(new Uri("/api/v1/jobs", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
    }

    private sealed record JobView(string JobKey, string Customer);

    private sealed record AgentView(string Customer);
}
