using System.Security.Claims;
using System.Text.Encodings.Web;
using BackupHealth.Collector.Store;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BackupHealth.Collector.Web.Auth;

/// <summary>Authenticates scripts and monitoring by <c>Authorization: Bearer bhu_…</c>, a token a user created; the
/// request then acts as that user, with the user's role and customer limits as they are now, and the token's scope
/// (<see cref="ApiTokenScopes"/>, enforced by <see cref="TokenScopeGate"/>).</summary>
internal sealed class ApiTokenHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, UserAccounts users)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiToken";

    /// <summary>The id of the token that authenticated the request (as listed: the start of its hash), for the audit log.</summary>
    public const string TokenIdClaim = "bh:api-token";
    private const string Prefix = "Bearer ";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (header is null || !header.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }

        var token = header[Prefix.Length..].Trim();
        var found = token.Length == 0 ? null : await users.FindByApiTokenAsync(token, Context.RequestAborted);
        if (found is not { } owner)
        {
            return AuthenticateResult.Fail("unknown, revoked or expired API token");
        }

        var principal = UserAccess.Principal(owner.User, SchemeName);
        principal.Identities.First().AddClaims([new Claim(TokenIdClaim, TokenHash.Of(token)[..UserAccounts.ApiTokenIdLength]), new Claim(ApiTokenScopes.Claim, owner.Scope)]);
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        return Task.CompletedTask;
    }
}
