using BackupHealth.Collector.Agents;
using BackupHealth.Collector.Store;
using BackupHealth.Collector.Tests.Support;
using BackupHealth.Contracts.V1;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;

namespace BackupHealth.Collector.Tests.Ingest;

public sealed class IngestAuthenticationTests : IAsyncLifetime
{
    private TestCollector _collector = null!;

    public async Task InitializeAsync() => _collector = await TestCollector.StartAsync();

    public async Task DisposeAsync() => await _collector.DisposeAsync();

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not-a-configured-token-at-all")]
    public async Task Missing_or_unknown_token_is_unauthenticated_and_stores_nothing(string? token)
    {
        await using var agent = TestAgent.Open(_collector.Client, token);
        await agent.TrySendAsync(new AgentMessage { Hello = TestAgent.Hello("intruder") });
        await agent.TrySendAsync(new AgentMessage { Observations = Observations.Batch(1, "x", 3) });

        var error = await agent.WaitForErrorAsync();

        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
        Assert.Equal(0L, await _collector.CountAsync("SELECT count(*) FROM agents"));
        Assert.Equal(0L, await _collector.CountAsync("SELECT count(*) FROM observations"));
    }

    [Fact]
    public async Task A_token_without_the_bearer_scheme_is_unauthenticated()
    {
        var call = _collector.Client.Connect(new Metadata { { "authorization", TestCollector.ContosoToken } });
        using var _ = call;

        var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext());

        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
    }

    [Fact]
    public async Task A_token_revoked_on_the_agents_page_is_refused_at_the_next_connect()
    {
        var tokens = _collector.App.Services.GetRequiredService<AgentTokens>();
        var queries = _collector.App.Services.GetRequiredService<ICollectorReads>();
        var site = (await queries.FindSiteByTokenHashAsync(TokenHash.Of(TestCollector.ContosoToken), CancellationToken.None))!.SiteId;
        var created = await tokens.CreateAsync(site, "hv01 install", "tech1");
        await using (var before = await _collector.ConnectAsync("hv01", created.Token!))
        {
            Assert.Equal("Head office", before.Welcome.Site);
        }

        Assert.Equal(AgentTokenChangeStatus.Done, (await tokens.RevokeAsync(site, created.Id)).Status);
        var error = await TestAgent.RefusedAsync(_collector.Client, created.Token!, "hv01");

        Assert.Equal((StatusCode.Unauthenticated, "unknown or revoked agent token"), (error.StatusCode, error.Status.Detail));
    }

    [Fact]
    public async Task The_site_comes_from_the_token()
    {
        await using var contoso = await _collector.ConnectAsync("server-1", TestCollector.ContosoToken);
        await using var fabrikam = await _collector.ConnectAsync("server-1", TestCollector.FabrikamToken);

        Assert.Equal(("Contoso Ltd", "Head office"), (contoso.Welcome.Customer, contoso.Welcome.Site));
        Assert.Equal(("Fabrikam", "Branch"), (fabrikam.Welcome.Customer, fabrikam.Welcome.Site));
        Assert.Equal("0.1.0", contoso.Welcome.CollectorVersion);
        Assert.Equal(2L, await _collector.CountAsync("SELECT count(DISTINCT site_id) FROM agents WHERE agent_key = 'server-1'"));
    }

    [Fact]
    public async Task The_first_message_must_be_a_hello()
    {
        await using var agent = TestAgent.Open(_collector.Client, TestCollector.ContosoToken);
        await agent.TrySendAsync(new AgentMessage { Observations = Observations.Batch(1, "x", 1) });

        var error = await agent.WaitForErrorAsync();

        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
        Assert.Contains("first message must be a Hello", error.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(0L, await _collector.CountAsync("SELECT count(*) FROM observations"));
    }

    [Theory]
    [InlineData("", "hello: agent_id is empty")]
    [InlineData("bad\nid", "hello: agent_id contains control characters")]
    public async Task An_invalid_hello_is_rejected_and_registers_nothing(string agentId, string detail)
    {
        await using var agent = TestAgent.Open(_collector.Client, TestCollector.ContosoToken);
        await agent.TrySendAsync(new AgentMessage { Hello = TestAgent.Hello(agentId) });

        var error = await agent.WaitForErrorAsync();

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal(detail, error.Status.Detail);
        Assert.Equal(0L, await _collector.CountAsync("SELECT count(*) FROM agents"));
    }

    [Fact]
    public async Task An_agent_id_over_128_characters_is_rejected()
    {
        await using var agent = TestAgent.Open(_collector.Client, TestCollector.ContosoToken);
        await agent.TrySendAsync(new AgentMessage { Hello = TestAgent.Hello(new string('a', 129)) });

        var error = await agent.WaitForErrorAsync();

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal("hello: agent_id is 129 characters long; the limit is 128", error.Status.Detail);
    }
}
