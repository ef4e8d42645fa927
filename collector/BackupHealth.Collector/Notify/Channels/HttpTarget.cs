namespace BackupHealth.Collector.Notify.Channels;

/// <summary>Where an HTTP channel posts and what every post of it carries: the URL, the configured headers and the
/// secret it signs with (null: unsigned).</summary>
internal sealed record HttpTarget(Uri Url, IReadOnlyDictionary<string, string> Headers, ChannelSecret? Secret)
{
    public static HttpTarget Of(ChannelOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new HttpTarget(new Uri(options.Url.Trim()), options.Headers, ChannelSecret.Of(options));
    }
}
