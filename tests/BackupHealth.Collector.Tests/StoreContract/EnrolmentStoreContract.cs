using System.Collections.Concurrent;
using BackupHealth.Collector.Store;
using BackupHealth.Collector.Tests.Support;

namespace BackupHealth.Collector.Tests.StoreContract;

/// <summary>What every backend's enrolment stores must do (<see cref="IEnrolmentStore"/>,
/// <see cref="IEnrolmentTokenStore"/>, <see cref="IAgentCertificateStore"/>): an enrolment is one unit of work, so a
/// token is never used more often than it may be, even by enrolments at the same time; a refused token says why and
/// changes nothing; revoking and renewing move an agent's certificates as the stream check expects.</summary>
public abstract class EnrolmentStoreContract<TBackend>
    where TBackend : IStoreBackendFixture, new()
{
    private static readonly DateTimeOffset Now = TestCollector.StartTime;
    private static readonly TimeSpan Grace = TimeSpan.FromDays(7);

    [Fact]
    public async Task A_one_use_token_enrols_once_only_even_when_enrolments_run_at_once()
    {
        await using var store = await CreateAsync();
        var token = await AddTokenAsync(store, "one-use", maxUses: 1);
        var issued = new ConcurrentBag<string>();

        var results = await Task.WhenAll(Enumerable.Range(1, 4).Select(i => Task.Run(() => store.Enrolment.Enrolments.EnrolAsync(
            new EnrolmentAttempt(Hash("one-use"), $"agent-{i}", Now, Grace),
            (site, tokenId) =>
            {
                issued.Add($"agent-{i}");
                return Certificate($"S{i}", site.SiteId, $"agent-{i}", "enrolment-token:" + tokenId, Now);
            }))));

        var enrolled = Assert.Single(results, r => r.Outcome == EnrolmentOutcome.Enrolled);
        Assert.All(results.Where(r => r != enrolled), r => Assert.Equal((EnrolmentOutcome.TokenUsedUp, token), (r.Outcome, r.TokenId)));
        Assert.Equal((token, "Contoso Ltd", "Head office"), (enrolled.TokenId, enrolled.Site!.Customer, enrolled.Site.Site));
        Assert.Single(issued);
        var listed = Assert.Single(await store.Enrolment.Tokens.ListAsync(CancellationToken.None));
        Assert.Equal((1, 1, (DateTime?)Now.UtcDateTime), (listed.Uses, listed.MaxUses, listed.LastUsed));
    }

    [Fact]
    public async Task A_revoked_an_expired_or_an_unknown_token_is_refused_with_its_reason_and_issues_nothing()
    {
        await using var store = await CreateAsync();
        var revoked = await AddTokenAsync(store, "revoked");
        var expired = await AddTokenAsync(store, "expired", expires: Now.AddMinutes(-1));
        Assert.True(await store.Enrolment.Tokens.RevokeAsync(revoked, Now.AddMinutes(-2)));
        Assert.False(await store.Enrolment.Tokens.RevokeAsync(revoked, Now.AddMinutes(-1)));

        var results = new[]
        {
            await EnrolAsync(store, "revoked", "agent-1"),
            await EnrolAsync(store, "expired", "agent-1"),
            await EnrolAsync(store, "never-made", "agent-1"),
        };

        Assert.Equal(
            [(EnrolmentOutcome.TokenRevoked, revoked), (EnrolmentOutcome.TokenExpired, expired), (EnrolmentOutcome.UnknownToken, 0L)],
            results.Select(r => (r.Outcome, r.TokenId)));
        Assert.All(results, r => Assert.Null(r.Site));
        Assert.All(await store.Enrolment.Tokens.ListAsync(CancellationToken.None), t => Assert.Equal(0, t.Uses));
        Assert.Equal(Now.UtcDateTime.AddMinutes(-2), (await store.Enrolment.Tokens.ListAsync(CancellationToken.None)).Single(t => t.Id == revoked).Revoked);
    }

    [Fact]
    public async Task An_agent_with_a_live_certificate_is_refused_and_the_token_keeps_its_use()
    {
        await using var store = await CreateAsync();
        var token = await AddTokenAsync(store, "two-uses", maxUses: 2);
        Assert.Equal(EnrolmentOutcome.Enrolled, (await EnrolAsync(store, "two-uses", "agent-1", "S1")).Outcome);

        var again = await EnrolAsync(store, "two-uses", "agent-1", "S2");

        Assert.Equal((EnrolmentOutcome.AgentHoldsCertificate, token, (DateTime?)Now.UtcDateTime), (again.Outcome, again.TokenId, again.LiveIssued));
        Assert.Equal(1, Assert.Single(await store.Enrolment.Tokens.ListAsync(CancellationToken.None)).Uses);
        Assert.Null(await store.Enrolment.Certificates.FindAsync("S2", CancellationToken.None));
    }

    [Fact]
    public async Task Revoking_an_agent_revokes_all_its_certificates_once_and_no_other_agents()
    {
        await using var store = await CreateAsync();
        await AddTokenAsync(store, "token", maxUses: 5);
        await EnrolAsync(store, "token", "agent-1", "S1");
        await EnrolAsync(store, "token", "agent-2", "S2");
        await store.Enrolment.Certificates.RecordAsync(Certificate("S3", store.ContosoSiteId, "agent-1", "renewal:S1", Now.AddMinutes(1)));

        Assert.Equal(2, await store.Enrolment.Certificates.RevokeAgentAsync(store.ContosoSiteId, "agent-1", Now.AddMinutes(2)));
        Assert.Equal(0, await store.Enrolment.Certificates.RevokeAgentAsync(store.ContosoSiteId, "agent-1", Now.AddMinutes(3)));

        Assert.Equal(Now.UtcDateTime.AddMinutes(2), (await store.Enrolment.Certificates.FindAsync("S1", CancellationToken.None))!.Revoked);
        Assert.Equal(Now.UtcDateTime.AddMinutes(2), (await store.Enrolment.Certificates.FindAsync("S3", CancellationToken.None))!.Revoked);
        Assert.Null((await store.Enrolment.Certificates.FindAsync("S2", CancellationToken.None))!.Revoked);
        var states = await store.Enrolment.Certificates.StatesAsync(CancellationToken.None);
        Assert.Equal(Now.UtcDateTime.AddMinutes(2), states[(store.ContosoSiteId, "agent-1")].Revoked);
        Assert.Null(states[(store.ContosoSiteId, "agent-2")].Revoked);
        Assert.Equal(EnrolmentOutcome.Enrolled, (await EnrolAsync(store, "token", "agent-1", "S4")).Outcome);
    }

    [Fact]
    public async Task Marking_a_renewed_certificate_used_retires_the_older_ones_but_not_a_newer_one()
    {
        await using var store = await CreateAsync();
        await AddTokenAsync(store, "token");
        await EnrolAsync(store, "token", "agent-1", "S1");
        var certificates = store.Enrolment.Certificates;
        await certificates.RecordAsync(Certificate("S2", store.ContosoSiteId, "agent-1", "renewal:S1", Now.AddMinutes(1)));
        await certificates.RecordAsync(Certificate("S3", store.ContosoSiteId, "agent-1", "renewal:S2", Now.AddMinutes(2)));

        await certificates.MarkUsedAsync((await certificates.FindAsync("S2", CancellationToken.None))!, Now.AddMinutes(5));

        var renewed = (await certificates.FindAsync("S2", CancellationToken.None))!;
        Assert.Equal(("Contoso Ltd", "Head office", "agent-1"), (renewed.Customer, renewed.Site, renewed.AgentKey));
        Assert.Equal(((DateTime?)Now.UtcDateTime.AddMinutes(5), (DateTime?)null), (renewed.FirstUsed, renewed.Replaced));
        Assert.Equal(Now.UtcDateTime.AddMinutes(5), (await certificates.FindAsync("S1", CancellationToken.None))!.Replaced);
        Assert.Null((await certificates.FindAsync("S3", CancellationToken.None))!.Replaced);
        Assert.Equal(Now.UtcDateTime.AddDays(30).AddMinutes(2), (await certificates.StatesAsync(CancellationToken.None))[(store.ContosoSiteId, "agent-1")].NotAfter);
    }

    private static Task<StoreUnderTest> CreateAsync() => ((IStoreBackendFixture)new TBackend()).CreateAsync();

    private static string Hash(string secret) => TokenHash.Of(secret);

    private static async Task<long> AddTokenAsync(StoreUnderTest store, string secret, int maxUses = 1, DateTimeOffset? expires = null) =>
        await store.Enrolment.Tokens.AddAsync(new NewEnrolmentToken(store.ContosoSiteId, Hash(secret), secret, "admin", Now.AddHours(-1),
            expires ?? Now.AddDays(1), maxUses)) ?? throw new InvalidOperationException("the site is missing");

    private static Task<EnrolmentResult> EnrolAsync(StoreUnderTest store, string secret, string agent, string serial = "S") =>
        store.Enrolment.Enrolments.EnrolAsync(new EnrolmentAttempt(Hash(secret), agent, Now, Grace),
            (site, tokenId) => Certificate(serial, site.SiteId, agent, "enrolment-token:" + tokenId, Now));

    private static NewAgentCertificate Certificate(string serial, long siteId, string agent, string issuedBy, DateTimeOffset issued) =>
        new(serial, siteId, agent, "key-" + serial, "host-" + agent, issued.AddMinutes(-5), issued.AddDays(30), issuedBy, issued);
}

/// <summary>The enrolment stores' contract on SQLite.</summary>
public sealed class SqliteEnrolmentStoreContractTests : EnrolmentStoreContract<SqliteBackendFixture>;
