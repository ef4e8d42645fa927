using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BackupHealth.Collector.Web.Auth;

internal static class AuthServiceCollectionExtensions
{
    public const string CookieName = "backuphealth.session";
    private const string Selector = "CookieOrToken";

    /// <summary>Registers who may use the web surface: <c>Collector:Auth</c> options (validated at start), users in the
    /// database, cookie sessions for people (sign-in page; kept on the server), API tokens for scripts (<c>Authorization: Bearer</c>),
    /// role policies, anti-forgery, and the first admin at start. The agents' gRPC surface is not part of it: agents
    /// authenticate with their site token.</summary>
    public static IServiceCollection AddCollectorAuth(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptionsWithValidateOnStart<AuthOptions>().Bind(configuration.GetSection(AuthOptions.SectionName));
        services.AddSingleton<IValidateOptions<AuthOptions>, AuthOptionsValidator>();
        services.AddSingleton<UserAccounts>();
        services.AddSingleton<SignInLockouts>();
        services.AddSingleton<PasswordSignIn>();
        services.AddSingleton<SessionTicketStore>();
        services.AddSingleton<SessionEvents>();
        services.AddHostedService<InitialAdmin>();

        services.AddAuthentication(Selector)
            .AddPolicyScheme(Selector, "Cookie or API token", o => o.ForwardDefaultSelector = context =>
                UsesApiTokens(context.Request) && context.Request.Headers.Authorization.Count > 0
                    ? ApiTokenHandler.SchemeName
                    : CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(CookieAuthenticationDefaults.AuthenticationScheme, _ => { })
            .AddScheme<AuthenticationSchemeOptions, ApiTokenHandler>(ApiTokenHandler.SchemeName, _ => { });
        services.AddOptions<CookieAuthenticationOptions>(CookieAuthenticationDefaults.AuthenticationScheme)
            .Configure<IOptions<AuthOptions>, SessionTicketStore>((cookie, auth, sessions) =>
            {
                cookie.Cookie.Name = CookieName;
                cookie.Cookie.HttpOnly = true;
                cookie.Cookie.SameSite = SameSiteMode.Strict;
                cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                cookie.LoginPath = "/signin";
                cookie.LogoutPath = "/signout";
                cookie.AccessDeniedPath = "/forbidden";
                cookie.ReturnUrlParameter = "returnUrl";
                cookie.SlidingExpiration = true;
                cookie.ExpireTimeSpan = ValueIfValid(auth)?.SessionLifetime ?? TimeSpan.FromHours(12);
                cookie.EventsType = typeof(SessionEvents);
                // The session lives on the server; the cookie holds only its key, so signing out ends it for every copy.
                cookie.SessionStore = sessions;
            });
        services.AddAuthorization(Policies.Add);
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "backuphealth.antiforgery";
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.FormFieldName = "__RequestVerificationToken";
        });
        return services;
    }

    /// <summary>API tokens are for machines: the JSON API and the metrics scrape. Pages take only the session cookie,
    /// so a leaked token cannot open the account page and mint more tokens, nor change a password.</summary>
    internal static bool UsesApiTokens(HttpRequest request) =>
        request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase)
        || request.Path.StartsWithSegments("/metrics", StringComparison.OrdinalIgnoreCase);

    private static AuthOptions? ValueIfValid(IOptions<AuthOptions> options)
    {
        try
        {
            return options.Value;
        }
        catch (OptionsValidationException)
        {
            return null;
        }
    }
}
