using System.Net;
using System.Text.Json;
using MailKit.Net.Smtp;

namespace BackupHealth.Collector.Notify;

/// <summary>The one place that decides whether a failed send is worth retrying. Permanent: the receiver refused this
/// notification and will refuse it again (HTTP 4xx except 408 and 429, a redirect, SMTP 5xx for a recipient, the
/// sender or the message), or it cannot be rendered. Everything else — timeouts, refused connections, 5xx, 408/429,
/// SMTP 4xx, TLS or login trouble an operator may fix meanwhile — is transient and retried with backoff until
/// MaxAttempts.</summary>
internal static class DeliveryErrors
{
    public const int MaxErrorLength = 500;

    public static bool IsPermanent(Exception exception) => exception switch
    {
        HttpDeliveryException http => (int)http.StatusCode is >= 300 and < 500
            && http.StatusCode is not HttpStatusCode.RequestTimeout and not HttpStatusCode.TooManyRequests,
        SmtpCommandException smtp => (int)smtp.StatusCode >= 500
            && smtp.ErrorCode is SmtpErrorCode.RecipientNotAccepted or SmtpErrorCode.SenderNotAccepted or SmtpErrorCode.MessageNotAccepted,
        JsonException or UnknownChannelException => true,
        _ => false,
    };

    /// <summary>What is kept in <c>last_error</c>: the message chain, short.</summary>
    public static string Describe(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var text = exception switch
        {
            TaskCanceledException { InnerException: TimeoutException } or TimeoutException => "timed out",
            _ => exception.InnerException is { } inner && !exception.Message.Contains(inner.Message, StringComparison.Ordinal)
                ? $"{exception.Message} ({inner.Message})"
                : exception.Message,
        };
        text = NotificationText.OneLine(text);
        return text.Length <= MaxErrorLength ? text : text[..MaxErrorLength];
    }
}

/// <summary>A stored notification names a channel that is no longer configured.</summary>
internal sealed class UnknownChannelException : Exception
{
    public UnknownChannelException(string channel)
        : base($"channel '{channel}' is not configured (any more)")
    {
    }

    public UnknownChannelException()
    {
    }

    public UnknownChannelException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
