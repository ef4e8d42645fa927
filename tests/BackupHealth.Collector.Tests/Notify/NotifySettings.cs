using System.Globalization;

namespace BackupHealth.Collector.Tests.Notify;

/// <summary>Builds <c>Collector:Notify</c> configuration keys the way an operator writes them.</summary>
internal sealed class NotifySettings
{
    public const string Prefix = "Collector:Notify";

    private readonly Dictionary<string, string?> _values = new()
    {
        // Retry fast enough to read; tests move time anyway.
        [$"{Prefix}:RetryMinDelay"] = "00:00:30",
        [$"{Prefix}:RetryMaxDelay"] = "00:10:00",
        [$"{Prefix}:PollInterval"] = "00:00:05",
        [$"{Prefix}:SendTimeout"] = "00:00:10",
    };

    private int _channels;
    private int _routes;

    public static readonly TimeSpan RetryMaxDelay = TimeSpan.FromMinutes(10);
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(5);

    public NotifySettings Webhook(string name, Uri url, string type = "webhook", IReadOnlyDictionary<string, string>? headers = null)
    {
        var key = Channel(name, type);
        _values[$"{key}:Url"] = url.ToString();
        foreach (var (header, value) in headers ?? new Dictionary<string, string>())
        {
            _values[$"{key}:Headers:{header}"] = value;
        }

        return this;
    }

    /// <summary>Signs the last channel's posts with <paramref name="secret"/>.</summary>
    public NotifySettings Secret(string secret) => Set($"Channels:{_channels - 1}:Secret", secret);

    /// <summary>Signs the last channel's posts with the secret in <paramref name="path"/>.</summary>
    public NotifySettings SecretFile(string path) => Set($"Channels:{_channels - 1}:SecretFile", path);

    /// <summary><c>Collector:PublicUrl</c>, which notifications link under.</summary>
    public NotifySettings PublicUrl(string url) => Collector("PublicUrl", url);

    /// <summary><c>Collector:Customers:&lt;customer&gt;:TimeZone</c>.</summary>
    public NotifySettings TimeZone(string customer, string zone) => Collector($"Customers:{customer}:TimeZone", zone);

    public NotifySettings Email(string name, int port, string[] to, string security = "None", string? user = null, string? password = null)
    {
        var key = Channel(name, "email");
        for (var i = 0; i < to.Length; i++)
        {
            _values[$"{key}:To:{i}"] = to[i];
        }

        _values[$"{key}:From"] = "backuphealth@msp.example";
        _values[$"{key}:Smtp:Host"] = "127.0.0.1";
        _values[$"{key}:Smtp:Port"] = port.ToString(CultureInfo.InvariantCulture);
        _values[$"{key}:Smtp:Security"] = security;
        _values[$"{key}:Smtp:UserName"] = user;
        _values[$"{key}:Smtp:Password"] = password;
        return this;
    }

    public NotifySettings Route(string customer, string minSeverity, params string[] channels)
    {
        var key = $"{Prefix}:Routes:{_routes++}";
        _values[$"{key}:Customer"] = customer;
        _values[$"{key}:MinSeverity"] = minSeverity;
        for (var i = 0; i < channels.Length; i++)
        {
            _values[$"{key}:Channels:{i}"] = channels[i];
        }

        return this;
    }

    public NotifySettings Set(string relativeKey, string? value)
    {
        _values[$"{Prefix}:{relativeKey}"] = value;
        return this;
    }

    /// <summary>A collector setting outside <c>Collector:Notify</c> that messages read.</summary>
    private NotifySettings Collector(string relativeKey, string? value)
    {
        _values[$"Collector:{relativeKey}"] = value;
        return this;
    }

    public void ApplyTo(IDictionary<string, string?> settings)
    {
        foreach (var (key, value) in _values)
        {
            settings[key] = value;
        }
    }

    public Dictionary<string, string?> ToDictionary() => new(_values);

    private string Channel(string name, string type)
    {
        var key = $"{Prefix}:Channels:{_channels++}";
        _values[$"{key}:Name"] = name;
        _values[$"{key}:Type"] = type;
        return key;
    }
}
