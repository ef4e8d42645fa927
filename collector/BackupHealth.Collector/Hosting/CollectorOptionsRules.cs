using Microsoft.Extensions.Options;

namespace BackupHealth.Collector.Hosting;

/// <summary>Checks that span several settings or need an item's index to name it (URLs, token length and
/// uniqueness). Each failure starts with the configuration key it is about, e.g. <c>Collector:Sites:0:AgentTokens:1</c>.</summary>
internal sealed class CollectorOptionsRules : IValidateOptions<CollectorOptions>
{
    private const string Prefix = CollectorOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, CollectorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        CheckUrls(options, failures);
        CheckSites(options, failures);
        CheckPublicUrl(options.PublicUrl, failures);
        foreach (var (customer, settings) in options.Customers)
        {
            if (!string.IsNullOrWhiteSpace(settings?.TimeZone) && !TimeZoneConverter.TZConvert.TryGetTimeZoneInfo(settings.TimeZone.Trim(), out _))
            {
                failures.Add($"{Prefix}:Customers:{customer}:TimeZone: unknown time zone '{settings.TimeZone}': use an IANA id such as Europe/Berlin or UTC, or a Windows id");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void CheckUrls(CollectorOptions options, List<string> failures)
    {
        var grpcOk = ListenUrl.TryParse(options.GrpcUrl, out var grpc, out var grpcError);
        if (!grpcOk)
        {
            failures.Add($"{Prefix}:GrpcUrl: {grpcError}");
        }

        var webOk = ListenUrl.TryParse(options.WebUrl, out var web, out var webError);
        if (!webOk)
        {
            failures.Add($"{Prefix}:WebUrl: {webError}");
        }

        foreach (var (ok, url, name) in new[] { (grpcOk, grpc, "GrpcUrl"), (webOk, web, "WebUrl") })
        {
            if (ok && !url.Tls && !options.AllowInsecureHttp)
            {
                failures.Add($"{Prefix}:{name}: http:// sends agent credentials and passwords in clear text; use https:// "
                    + $"(the collector makes its own certificate, docs/security.md) or set {Prefix}:AllowInsecureHttp=true");
            }
        }

        // Requests are routed to the gRPC or the web surface by the local port they arrived on.
        if (grpcOk && webOk && grpc.Port != 0 && grpc.Port == web.Port)
        {
            failures.Add($"{Prefix}:WebUrl: must use a different port than {Prefix}:GrpcUrl (both are {grpc.Port})");
        }
    }

    private static void CheckPublicUrl(string value, List<string> failures)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return;
        }

        if (!Uri.TryCreate(value.Trim(), UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp))
        {
            failures.Add($"{Prefix}:PublicUrl: '{value}' is not an absolute http(s) URL; give the address people open the dashboard at, e.g. https://backups.example.com/");
        }
        else if (!string.IsNullOrEmpty(url.Query) || !string.IsNullOrEmpty(url.Fragment) || !string.IsNullOrEmpty(url.UserInfo))
        {
            failures.Add($"{Prefix}:PublicUrl: '{value}' may not carry a query, a fragment or credentials; give only scheme, host, port and path");
        }
    }

    private static void CheckSites(CollectorOptions options, List<string> failures)
    {
        var tokenOwners = new Dictionary<string, string>(StringComparer.Ordinal);
        var siteNames = new Dictionary<(string, string), int>();
        for (var i = 0; i < options.Sites.Count; i++)
        {
            var site = options.Sites[i];
            var key = $"{Prefix}:Sites:{i}";
            if (site is null)
            {
                failures.Add($"{key}: is empty");
                continue;
            }

            CheckName(site.Customer, $"{key}:Customer", failures);
            CheckName(site.Site, $"{key}:Site", failures);
            var nameKey = (site.Customer?.Trim() ?? "", site.Site?.Trim() ?? "");
            if (!siteNames.TryAdd(nameKey, i))
            {
                failures.Add($"{key}: duplicates {Prefix}:Sites:{siteNames[nameKey]} ({site.Customer} / {site.Site}); list each site once");
            }

            for (var t = 0; t < site.AgentTokens.Count; t++)
            {
                CheckToken(site.AgentTokens[t], $"{key}:AgentTokens:{t}", tokenOwners, failures);
            }
        }
    }

    private static void CheckName(string? value, string key, List<string> failures)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            failures.Add($"{key}: must not be empty");
        }
        else if (value.Length > SiteOptions.MaxNameLength || value.Any(char.IsControl))
        {
            failures.Add($"{key}: must be at most {SiteOptions.MaxNameLength} characters without control characters");
        }
    }

    private static void CheckToken(string? token, string key, Dictionary<string, string> owners, List<string> failures)
    {
        if (token is null || token.Length < SiteOptions.MinTokenLength)
        {
            failures.Add($"{key}: must be at least {SiteOptions.MinTokenLength} characters");
            return;
        }

        if (token.Any(c => char.IsControl(c) || char.IsWhiteSpace(c)))
        {
            failures.Add($"{key}: must not contain spaces or control characters");
            return;
        }

        // Never echo the token itself: configuration errors end up in logs.
        if (!owners.TryAdd(token, key))
        {
            failures.Add($"{key}: duplicates {owners[token]}; every token must be unique");
        }
    }
}
