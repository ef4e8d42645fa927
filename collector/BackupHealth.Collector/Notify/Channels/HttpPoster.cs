using System.Net.Http.Headers;
using System.Text;

namespace BackupHealth.Collector.Notify.Channels;

/// <summary>POSTs a JSON body and turns any answer but 2xx into <see cref="HttpDeliveryException"/>. The named
/// client has the send timeout and does not follow redirects (a moved webhook is a configuration error to see,
/// not to follow with a GET).</summary>
internal sealed class HttpPoster(IHttpClientFactory clients)
{
    public const string ClientName = "BackupHealth.Notify";
    private const int MaxResponseText = 200;

    public async Task PostJsonAsync(Uri url, byte[] json, IEnumerable<KeyValuePair<string, string>> headers, CancellationToken cancellationToken)
    {
        using var content = new ByteArrayContent(json);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = content };
        foreach (var (name, value) in headers)
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
