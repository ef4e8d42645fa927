using BackupHealth.Collector.Agents;
using BackupHealth.Collector.Hosting;
using BackupHealth.Collector.Store;
using BackupHealth.Collector.Store.Sqlite.Agents;
using BackupHealth.Collector.Store.Sqlite.Schema;
using BackupHealth.Collector.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace BackupHealth.Collector.Tests.Agents;

public sealed class AgentTokensTests : IAsyncLifetime
{
    private readonly TestStore _store = new();
    private readonly FakeTimeProvider _time = new(TestCollector.StartTime.AddHours(1));
    private AgentTokens _tokens = null!;
    private long _site;

    public async Task InitializeAsync()
    {
        _store.StartWriter();
        _tokens = new AgentTokens(new SqliteAgentTokenStore(_store.Connections, _store.Writer), _time);
        _site = (await _store.Queries.FindSiteByTokenHashAsync(TokenHash.Of(TestCollector.ContosoToken), CancellationToken.None))!.SiteId;
    }

    public async Task DisposeAsync() => await _store.DisposeAsync();

    [Fact]
    public async Task A_created_token_is_handed_back_once_kept_only_as_its_hash_and_lets_an_agent_of_the_site_in()
    {
        var change = await _tokens.CreateAsync(_site, "  hv01 install  ", "tech1");

        Assert.Equal(AgentTokenChangeStatus.Done, change.Status);
        var token = change.Token!;
        Assert.StartsWith(AgentTokens.TokenPrefix, token, StringComparison.Ordinal);
        Assert.True(token.Length >= 40, token);
        var site = await _store.Queries.FindSiteByTokenHashAsync(TokenHash.Of(token), CancellationToken.None);
        Assert.Equal(("Contoso Ltd", "Head office"), (site?.Customer, site?.Site));
        Assert.Equal(0, await _store.CountAsync($"SELECT count(*) FROM agent_tokens WHERE token_hash = '{token}' OR instr(coalesce(hint, ''), '{token}') > 0 OR name = '{token}'"));

        var listed = Assert.Single(await _tokens.ListAsync(CancellationToken.None), t => t.Source == AgentTokens.WebSource);
        Assert.Equal(TokenHash.Of(token)[..AgentTokens.IdLength], listed.Id);
        Assert.Equal(change.Id, listed.Id);
        Assert.Equal(("hv01 install", "tech1", token[..8], _time.GetUtcNow().UtcDateTime, (DateTime?)null),
            (listed.Name, listed.CreatedBy, listed.Hint, listed.Created, listed.Revoked));
        Assert.False(listed.FromConfiguration);
    }

    [Fact]
    public async Task A_revoked_token_no_longer_finds_its_site_so_the_next_connect_is_refused()
    {
        var change = await _tokens.CreateAsync(_site, "hv01", "tech1");
        _time.Advance(TimeSpan.FromMinutes(5));

        var revoke = await _tokens.RevokeAsync(_site, change.Id);

        Assert.Equal(AgentTokenChangeStatus.Done, revoke.Status);
        Assert.Null(await _store.Queries.FindSiteByTokenHashAsync(TokenHash.Of(change.Token!), CancellationToken.None));
        var listed = Assert.Single(await _tokens.ListAsync(CancellationToken.None), t => t.Id == change.Id);
        Assert.Equal(_time.GetUtcNow().UtcDateTime, listed.Revoked);
        Assert.Equal(AgentTokenChangeStatus.Invalid, (await _tokens.RevokeAsync(_site, change.Id)).Status);
    }

    [Fact]
    public async Task A_token_from_configuration_is_listed_but_not_revoked_here()
    {
        var configured = Assert.Single(await _tokens.ListAsync(CancellationToken.None));
        Assert.True(configured.FromConfiguration);
        Assert.Null(configured.Name);

        var revoke = await _tokens.RevokeAsync(_site, configured.Id);

        Assert.Equal(AgentTokenChangeStatus.FromConfiguration, revoke.Status);
        Assert.Contains("Collector:Sites", revoke.Problem, StringComparison.Ordinal);
        Assert.NotNull(await _store.Queries.FindSiteByTokenHashAsync(TokenHash.Of(TestCollector.ContosoToken), CancellationToken.None));
    }

    [Fact]
    public async Task Seeding_the_configuration_again_leaves_web_tokens_active()
    {
        var change = await _tokens.CreateAsync(_site, "hv01", "tech1");

        using (var connection = _store.Connections.OpenWriter())
        {
            SiteSeeder.Seed(connection, [new SiteOptions { Customer = "Contoso Ltd", Site = "Head office", AgentTokens = [TestCollector.ContosoToken] }],
                _time.GetUtcNow());
        }

        Assert.NotNull(await _store.Queries.FindSiteByTokenHashAsync(TokenHash.Of(change.Token!), CancellationToken.None));
    }

    [Fact]
    public async Task Removing_the_site_from_the_configuration_revokes_its_web_tokens_too()
    {
        var change = await _tokens.CreateAsync(_site, "hv01", "tech1");

        using (var connection = _store.Connections.OpenWriter())
        {
            SiteSeeder.Seed(connection, [new SiteOptions { Customer = "Fabrikam", Site = "Branch", AgentTokens = ["fabrikam-branch-token-0002"] }],
                _time.GetUtcNow());
        }

        Assert.Null(await _store.Queries.FindSiteByTokenHashAsync(TokenHash.Of(change.Token!), CancellationToken.None));
    }

    [Theory]
    [InlineData("", "a token name is required")]
    [InlineData("   ", "a token name is required")]
    [InlineData("two\nlines", "control characters")]
    public async Task A_token_without_a_usable_name_is_refused_and_nothing_is_stored(string name, string problem)
    {
        var change = await _tokens.CreateAsync(_site, name, "tech1");

        Assert.Equal(AgentTokenChangeStatus.Invalid, change.Status);
        Assert.Contains(problem, change.Problem, StringComparison.Ordinal);
        Assert.Null(change.Token);
        Assert.Equal(1, await _store.CountAsync("SELECT count(*) FROM agent_tokens"));
    }

    [Fact]
    public async Task A_token_for_an_unknown_site_or_a_revoke_naming_another_site_changes_nothing()
    {
        Assert.Equal(AgentTokenChangeStatus.NotFound, (await _tokens.CreateAsync(_site + 100, "hv01", "tech1")).Status);
        var change = await _tokens.CreateAsync(_site, "hv01", "tech1");

        Assert.Equal(AgentTokenChangeStatus.NotFound, (await _tokens.RevokeAsync(_site + 100, change.Id)).Status);
        Assert.Equal(AgentTokenChangeStatus.NotFound, (await _tokens.RevokeAsync(_site, "short")).Status);
        Assert.NotNull(await _store.Queries.FindSiteByTokenHashAsync(TokenHash.Of(change.Token!), CancellationToken.None));
    }
}
