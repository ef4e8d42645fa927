using BackupHealth.Collector.Store;
using BackupHealth.Collector.Web.Auth;
using Microsoft.Extensions.Time.Testing;
using NSubstitute;

namespace BackupHealth.Collector.Tests.Web;

/// <summary>What <see cref="UserAccounts"/> makes of a token the store found: the user acts only while enabled, and
/// the token is marked used at most once a minute, so reading the API is not a write per request.</summary>
public sealed class ApiTokenUseTests
{
    private const string Token = "bhu_a-token-for-the-tests";

    private static readonly UserRecord Tess = new(7, "tess", "hash", Roles.Viewer, false, "stamp", DateTimeOffset.UnixEpoch, "tests", null, []);

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 6, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly IUserStore _store = Substitute.For<IUserStore>();

    public ApiTokenUseTests() => _store.FindAsync(Tess.Id, Arg.Any<CancellationToken>()).Returns(Tess);

    [Theory]
    [InlineData(null, true)]
    [InlineData(30, false)]
    [InlineData(60, false)]
    [InlineData(61, true)]
    public async Task The_token_is_marked_used_when_it_never_was_or_last_was_over_a_minute_ago(int? secondsAgo, bool marked)
    {
        var now = _time.GetUtcNow();
        DateTimeOffset? lastUsed = secondsAgo is { } seconds ? now.AddSeconds(-seconds) : null;
        _store.FindApiTokenAsync(TokenHash.Of(Token), now, Arg.Any<CancellationToken>()).Returns(new ApiTokenUse(Tess.Id, lastUsed, ApiTokenScopes.Read));

        var found = await new UserAccounts(_store, _time).FindByApiTokenAsync(Token, CancellationToken.None);

        Assert.Equal((Tess, ApiTokenScopes.Read), Assert.NotNull(found));
        await _store.Received(marked ? 1 : 0).MarkApiTokenUsedAsync(TokenHash.Of(Token), now);
    }

    [Fact]
    public async Task A_token_of_a_disabled_user_lets_nobody_in()
    {
        _store.FindApiTokenAsync(TokenHash.Of(Token), Arg.Any<DateTimeOffset>(), Arg.Any<CancellationToken>())
            .Returns(new ApiTokenUse(Tess.Id, null, ApiTokenScopes.ReadWrite));
        _store.FindAsync(Tess.Id, Arg.Any<CancellationToken>()).Returns(Tess with { Disabled = true });

        Assert.Null(await new UserAccounts(_store, _time).FindByApiTokenAsync(Token, CancellationToken.None));
    }

    [Fact]
    public async Task An_unknown_token_is_nobody_and_marks_nothing()
    {
        Assert.Null(await new UserAccounts(_store, _time).FindByApiTokenAsync(Token, CancellationToken.None));
        await _store.DidNotReceiveWithAnyArgs().MarkApiTokenUsedAsync(default!, default);
    }
}
