namespace BackupHealth.Collector.Notify;

/// <summary>One entry of <c>Collector:Notify:Channels</c>. Which fields matter depends on <see cref="Type"/>:
/// <c>email</c> uses To, From and Smtp; <c>webhook</c>, <c>slack</c> and <c>teams</c> use Url (and Headers, and Secret
/// or SecretFile to sign their posts).</summary>
/// <remarks>Type is a string rather than an enum so that a wrong value is reported by the validator, naming the
/// setting, instead of failing inside the configuration binder.</remarks>
internal sealed class ChannelOptions
{
    public const int MaxNameLength = 100;

    public string Name { get; set; } = "";

    public string Type { get; set; } = "";

    public List<string> To { get; set; } = [];

    public string From { get; set; } = "";

    public SmtpOptions? Smtp { get; set; }

    public string Url { get; set; } = "";

    /// <summary>Extra request headers, e.g. an API key the receiver expects.</summary>
    public Dictionary<string, string> Headers { get; set; } = [];

    /// <summary>The key each post is signed with (<see cref="Channels.WebhookSignature"/>), so the receiver can tell
    /// the collector's posts from anyone else's who learnt the URL. At least 16 characters.</summary>
    public string Secret { get; set; } = "";

    /// <summary>A file holding <see cref="Secret"/> (its content without surrounding white space), read at every post
    /// so a rotated secret takes effect without a restart; keeps the secret out of the settings file.</summary>
    public string SecretFile { get; set; } = "";
}

/// <summary>The channel types, as written in configuration.</summary>
internal static class ChannelTypes
{
    public const string Email = "email";
    public const string Webhook = "webhook";
    public const string Slack = "slack";
    public const string Teams = "teams";

    public static readonly IReadOnlyList<string> All = [Email, Webhook, Slack, Teams];

    public static bool IsHttp(string type) => type is Webhook or Slack or Teams;
}
