using System.Net.Http.Headers;
using System.Text;
using BackupHealth.Collector.Ingest;

namespace BackupHealth.Collector.Notify.Channels;

/// <summary>POSTs a JSON body and turns any answer but 2xx into <see cref="HttpDeliveryException"/>. The named
/// client has the send timeout and does not follow redirects (a moved webhook is a configuration error to see,
/// not to follow with a GET). Every post says who sends it (<see cref="UserAgent"/>), and a channel with a secret
/// signs it (<see cref="WebhookSignature"/>) with the time from the <see cref="TimeProvider"/>.</summary>
internal sealed class HttpPoster(IHttpClientFactory clients, TimeProvider time)
{
    public const string ClientName = "BackupHealth.Notify";
    public const string Product = "BackupHealth-Collector";
    private const int MaxResponseText = 200;

    /// <summary><c>BackupHealth-Collector/0.1.0</c>: receivers and their proxies can tell the collector's posts apart
    /// in their logs.</summary>
    public static readonly ProductInfoHeaderValue UserAgent = new(Product, IngestService.CollectorVersion);

    public async Task PostJsonAsync(HttpTarget target, byte[] json, IEnumerable<KeyValuePair<string, string>> headers, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(json);
        using var content = new ByteArrayContent(json);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        using var request = new HttpRequestMessage(HttpMethod.Post, target.Url) { Content = content };
        var configured = target.Headers.Concat(headers).ToList();
        if (!configured.Any(h => string.Equals(h.Key, "User-Agent", StringComparison.OrdinalIgnoreCase)))
        {
            // A receiver (or a WAF in front of it) that expects another User-Agent keeps getting the one configured.
            request.Headers.UserAgent.Add(UserAgent);
        }

        var signature = target.Secret is { } secret
            ? WebhookSignature.Headers(secret.Key(), time.GetUtcNow().ToUnixTimeSeconds(), json)
            : [];
        foreach (var (name, value) in configured.Concat(signature))
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        var client = clients.CreateClient(ClientName);
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpDeliveryException(response.StatusCode, await ReadStartAsync(response, cancellationToken));
        }
    }

    // A receiver's error text helps in last_error; a whole HTML error page does not.
    private static async Task<string> ReadStartAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
            var buffer = new byte[MaxResponseText * 4];
            var read = await stream.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken);
            var text = NotificationText.OneLine(Encoding.UTF8.GetString(buffer, 0, read));
            return text.Length <= MaxResponseText ? text : text[..MaxResponseText];
        }
        catch (HttpRequestException)
        {
            return "";
        }
    }
}
