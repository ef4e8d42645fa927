using BackupHealth.Collector.Notify.Channels;
using MimeKit;
using Microsoft.Extensions.Options;

namespace BackupHealth.Collector.Notify;

/// <summary>Checks that need an item's index to name it or span several settings: channel types and their required
/// fields, unique names, routes naming known channels. Secrets (passwords, header values) are never echoed.</summary>
internal sealed class NotifyOptionsRules : IValidateOptions<NotifyOptions>
{
    private const string Prefix = NotifyOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, NotifyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.RetryMaxDelay < options.RetryMinDelay)
        {
            failures.Add($"{Prefix}:RetryMaxDelay: must not be shorter than {Prefix}:RetryMinDelay ({options.RetryMinDelay})");
        }

        var names = CheckChannels(options.Channels, failures);
        CheckRoutes(options.Routes, names, failures);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static HashSet<string> CheckChannels(List<ChannelOptions> channels, List<string> failures)
    {
        var names = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < channels.Count; i++)
        {
            var channel = channels[i];
            var key = $"{Prefix}:Channels:{i}";
            if (channel is null)
            {
                failures.Add($"{key}: is empty");
                continue;
            }

            if (string.IsNullOrWhiteSpace(channel.Name) || channel.Name.Length > ChannelOptions.MaxNameLength || channel.Name.Any(char.IsControl))
            {
                failures.Add($"{key}:Name: must be 1 to {ChannelOptions.MaxNameLength} characters without control characters");
            }
            else if (!names.TryAdd(channel.Name, i))
            {
                failures.Add($"{key}:Name: '{channel.Name}' duplicates {Prefix}:Channels:{names[channel.Name]}:Name; channel names must be unique");
            }

            var type = channel.Type?.Trim().ToLowerInvariant() ?? "";
            if (type == ChannelTypes.Email)
            {
                CheckEmail(channel, key, failures);
            }
            else if (ChannelTypes.IsHttp(type))
            {
                CheckHttp(channel, key, failures);
            }
            else
            {
                failures.Add($"{key}:Type: must be one of {string.Join(", ", ChannelTypes.All)}");
            }

            CheckSecret(channel, key, ChannelTypes.IsHttp(type), failures);
        }

        return [.. names.Keys];
    }

    private static void CheckEmail(ChannelOptions channel, string key, List<string> failures)
    {
        if (channel.To.Count == 0)
        {
            failures.Add($"{key}:To: at least one recipient address is required for an email channel");
        }

        for (var t = 0; t < channel.To.Count; t++)
        {
            if (!IsAddress(channel.To[t]))
            {
                failures.Add($"{key}:To:{t}: '{channel.To[t]}' is not an e-mail address");
            }
        }

        if (string.IsNullOrWhiteSpace(channel.From))
        {
            failures.Add($"{key}:From: is required for an email channel");
        }
        else if (!IsAddress(channel.From))
        {
            failures.Add($"{key}:From: '{channel.From}' is not an e-mail address");
        }

        var smtp = channel.Smtp;
        if (smtp is null || string.IsNullOrWhiteSpace(smtp.Host))
        {
            failures.Add($"{key}:Smtp:Host: is required for an email channel");
        }
        else if (Uri.CheckHostName(smtp.Host.Trim()) == UriHostNameType.Unknown)
        {
            failures.Add($"{key}:Smtp:Host: '{smtp.Host}' is not a host name or IP address");
        }

        if (smtp is null)
        {
            return;
        }

        if (smtp.Port is < 0 or > 65535)
        {
            failures.Add($"{key}:Smtp:Port: must be between 1 and 65535 (0 or unset picks the port for Security)");
        }

        if (!SmtpSecurity.IsKnown(smtp.Security))
        {
            failures.Add($"{key}:Smtp:Security: must be one of {string.Join(", ", SmtpSecurity.All)}");
        }

        if (!string.IsNullOrEmpty(smtp.UserName) && string.IsNullOrEmpty(smtp.Password))
        {
            failures.Add($"{key}:Smtp:Password: is required when {key}:Smtp:UserName is set");
        }
    }

    private static void CheckHttp(ChannelOptions channel, string key, List<string> failures)
    {
        if (!Uri.TryCreate(channel.Url?.Trim(), UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp))
        {
            failures.Add($"{key}:Url: must be an absolute http:// or https:// URL");
        }

        foreach (var (header, value) in channel.Headers)
        {
            if (header.Length == 0 || !header.All(IsTokenChar))
            {
                failures.Add($"{key}:Headers: '{header}' is not a valid header name");
            }
            else if (ReservedHeaders.Contains(header))
            {
                failures.Add($"{key}:Headers:{header}: is set by the collector and cannot be configured");
            }
            else if (value is null || value.Any(char.IsControl))
            {
                failures.Add($"{key}:Headers:{header}: the value must not contain control characters");
            }
        }
    }

    /// <summary>Secret or SecretFile, not both; at least <see cref="ChannelSecret.MinLength"/> characters; the file
    /// there and readable now (it is read again at every post). Names the file, never the secret.</summary>
    private static void CheckSecret(ChannelOptions channel, string key, bool http, List<string> failures)
    {
        var secret = channel.Secret?.Trim() ?? "";
        var file = channel.SecretFile?.Trim() ?? "";
        if (secret.Length == 0 && file.Length == 0)
        {
            return;
        }

        if (!http)
        {
            failures.Add($"{key}:{(secret.Length > 0 ? "Secret" : "SecretFile")}: only webhook, slack and teams channels sign what they send");
        }
        else if (secret.Length > 0 && file.Length > 0)
        {
            failures.Add($"{key}:Secret: set either Secret or SecretFile, not both");
        }
        else if (secret.Length > 0)
        {
            if (secret.Length < ChannelSecret.MinLength)
            {
                failures.Add($"{key}:Secret: must be at least {ChannelSecret.MinLength} characters");
            }
        }
        else if (!File.Exists(file))
        {
            failures.Add($"{key}:SecretFile: '{file}' does not exist");
        }
        else
        {
            CheckSecretFile(file, key, failures);
        }
    }

    private static void CheckSecretFile(string file, string key, List<string> failures)
    {
        string secret;
        try
        {
            secret = ChannelSecret.Read(file);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            failures.Add($"{key}:SecretFile: '{file}' cannot be read: {ex.Message}");
            return;
        }

        if (secret.Length == 0)
        {
            failures.Add($"{key}:SecretFile: '{file}' is empty");
        }
        else if (secret.Length < ChannelSecret.MinLength)
        {
            failures.Add($"{key}:SecretFile: the secret in '{file}' must be at least {ChannelSecret.MinLength} characters");
        }
    }

    private static void CheckRoutes(List<RouteOptions> routes, HashSet<string> channelNames, List<string> failures)
    {
        for (var i = 0; i < routes.Count; i++)
        {
            var route = routes[i];
            var key = $"{Prefix}:Routes:{i}";
            if (route is null)
            {
                failures.Add($"{key}: is empty");
                continue;
            }

            if (string.IsNullOrWhiteSpace(route.Customer))
            {
                failures.Add($"{key}:Customer: must name a customer, or be \"*\" for customers without routes of their own");
            }

            if (route.Channels.Count == 0)
            {
                failures.Add($"{key}:Channels: at least one channel is required");
            }

            for (var c = 0; c < route.Channels.Count; c++)
            {
                if (!channelNames.Contains(route.Channels[c] ?? ""))
                {
                    failures.Add($"{key}:Channels:{c}: '{route.Channels[c]}' is not a channel in {Prefix}:Channels");
                }
            }

            if (!RouteOptions.TryParseSeverity(route.MinSeverity, out _))
            {
                failures.Add($"{key}:MinSeverity: must be Warning or Critical");
            }
        }
    }

    private static readonly HashSet<string> ReservedHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "Content-Type", "Content-Length", "Host", "Idempotency-Key",
        WebhookSignature.TimestampHeader, WebhookSignature.SignatureHeader,
    };

    private static bool IsAddress(string? value) =>
        !string.IsNullOrWhiteSpace(value) && MailboxAddress.TryParse(value, out var address) && address.Address.Contains('@', StringComparison.Ordinal);

    // RFC 9110 token characters.
    private static bool IsTokenChar(char c) => char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".Contains(c, StringComparison.Ordinal);
}
