using System.Text;

namespace BackupHealth.Collector.Notify.Channels;

/// <summary>The key a channel signs its posts with: <c>Secret</c>, or what <c>SecretFile</c> holds. The file is read
/// at every post, so a secret rotated in place takes effect without a restart. Messages name the file, never the
/// secret.</summary>
internal sealed class ChannelSecret
{
    /// <summary>Shorter keys are guessable from signed bodies a receiver logs.</summary>
    public const int MinLength = 16;

    private readonly string _secret;
    private readonly string _file;

    private ChannelSecret(string secret, string file)
    {
        _secret = secret;
        _file = file;
    }

    /// <summary>The channel's secret, or null when it signs nothing.</summary>
    public static ChannelSecret? Of(ChannelOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var secret = options.Secret?.Trim() ?? "";
        var file = options.SecretFile?.Trim() ?? "";
        return secret.Length == 0 && file.Length == 0 ? null : new ChannelSecret(secret, file);
    }

    /// <summary>The file's content without surrounding white space (a file written with <c>echo</c> ends in a line
    /// break that is no part of the secret).</summary>
    public static string Read(string file) => File.ReadAllText(file).Trim();

    /// <summary>The key as UTF-8 bytes. Throws when the file went missing or holds too short a secret since start
    /// (the post is then retried, and an operator sees the error).</summary>
    public byte[] Key()
    {
        var secret = _file.Length == 0 ? _secret : Read(_file);
        return secret.Length >= MinLength
            ? Encoding.UTF8.GetBytes(secret)
            : throw new InvalidOperationException($"the secret in SecretFile '{_file}' is shorter than {MinLength} characters; nothing was sent");
    }
}
