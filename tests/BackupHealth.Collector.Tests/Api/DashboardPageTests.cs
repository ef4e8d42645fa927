using System.Net;
using BackupHealth.Collector.Tests.Support;
using BackupHealth.Contracts.V1;

namespace BackupHealth.Collector.Tests.Api;

public sealed class DashboardPageTests : IAsyncLifetime
{
    private TestCollector _collector = null!;

    public async Task InitializeAsync() => _collector = await TestCollector.StartAsync();

    public async Task DisposeAsync() => await _collector.DisposeAsync();

    private async Task<string> GetPageAsync()
    {
        using var response = await _collector.Http.GetAsync(new Uri("/", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadAsStringAsync();
    }

    [Fact]
    public async Task Hostile_names_are_html_encoded()
    {
        await using var agent = await _collector.ConnectAsync("<img src=x onerror=alert(2)>");
        var hostile = Observations.Valid("obs-1", jobName: "<script>alert(1)</script>");
        hostile.ProtectedObject = "\"><b>vm</b>";
        await agent.SendBatchAsync(Observations.Batch(1, hostile));
        await agent.WaitForAckAsync(1);

        var page = await GetPageAsync();

        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", page, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", page, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", page, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<b>vm", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_page_lists_customers_sites_agents_and_jobs_problems_first()
    {
        await using (var contoso = await _collector.ConnectAsync("contoso-agent"))
        {
            await contoso.SendBatchAsync(Observations.Batch(1, Observations.Valid("c", jobKey: "c-fine", jobName: "AAA contoso fine job")));
            await contoso.WaitForAckAsync(1);
            await contoso.CompleteAsync();
        }

        await using var fabrikam = await _collector.ConnectAsync("fabrikam-agent", TestCollector.FabrikamToken);
        await fabrikam.SendBatchAsync(Observations.Batch(1,
            Observations.Valid("a", jobKey: "aaa-fine", jobName: "AAA fabrikam fine job", sizeBytes: 3L * 1024 * 1024 * 1024),
            Observations.Valid("b", jobKey: "zzz-broken", jobName: "ZZZ fabrikam broken job", status: RunStatus.Failed)));
        await fabrikam.WaitForAckAsync(1);

        var page = await GetPageAsync();
        int At(string text) => page.IndexOf(text, StringComparison.Ordinal);

        Assert.True(At("<h2>Fabrikam</h2>") >= 0 && At("<h2>Contoso Ltd</h2>") >= 0, "both customers are listed");
        Assert.True(At("<h2>Fabrikam</h2>") < At("<h2>Contoso Ltd</h2>"), "the customer with a failed job comes first");
        Assert.True(At("ZZZ fabrikam broken job") < At("AAA fabrikam fine job"), "the failed job is listed before the healthy one");
        Assert.Contains("<h3>Branch</h3>", page, StringComparison.Ordinal);
        Assert.Contains("<h3>Head office</h3>", page, StringComparison.Ordinal);
        Assert.Contains("<span class=\"badge failed\">failed</span>", page, StringComparison.Ordinal);
        Assert.Contains("<span class=\"badge connected\">connected</span>", page, StringComparison.Ordinal);
        Assert.Contains("<span class=\"badge disconnected\">disconnected</span>", page, StringComparison.Ordinal);
        Assert.Contains("2025-06-01 11:00 UTC", page, StringComparison.Ordinal);
        Assert.Contains("3 GiB", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_page_forbids_scripts_and_outside_resources()
    {
        using var response = await _collector.Http.GetAsync(new Uri("/", UriKind.Relative));

        Assert.Equal("default-src 'none'; style-src 'unsafe-inline'", Assert.Single(response.Headers.GetValues("Content-Security-Policy")));
    }
}
