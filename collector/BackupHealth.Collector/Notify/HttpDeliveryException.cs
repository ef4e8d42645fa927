using System.Net;

namespace BackupHealth.Collector.Notify;

/// <summary>A receiver answered a notification with a status other than 2xx.</summary>
internal sealed class HttpDeliveryException : Exception
{
    public HttpDeliveryException(HttpStatusCode statusCode, string responseText)
        : base($"HTTP {(int)statusCode} {statusCode}{(string.IsNullOrWhiteSpace(responseText) ? "" : ": " + responseText)}")
    {
        StatusCode = statusCode;
    }

    public HttpDeliveryException()
    {
    }

    public HttpDeliveryException(string message)
        : base(message)
    {
    }

    public HttpDeliveryException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public HttpStatusCode StatusCode { get; }
}
