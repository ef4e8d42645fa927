namespace BackupHealth.Collector.Tests.Web;

/// <summary>A page's <c>GET /events</c> held open, read one block (up to a blank line) at a time.</summary>
internal sealed class EventStream : IAsyncDisposable
{
    private readonly HttpResponseMessage _response;
    private readonly StreamReader _reader;
    private readonly CancellationTokenSource _deadline = new(BackupHealth.Testing.Poll.DefaultTimeout);

    private EventStream(HttpResponseMessage response, StreamReader reader)
    {
        _response = response;
        _reader = reader;
    }

    public static async Task<EventStream> OpenAsync(HttpClient client)
    {
        var response = await client.GetAsync(new Uri("/events", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        return new EventStream(response, new StreamReader(await response.Content.ReadAsStreamAsync()));
    }

    /// <summary>The next block, its lines joined by <c>\n</c>.</summary>
    public async Task<string> NextAsync()
    {
        var lines = new List<string>();
        while (await _reader.ReadLineAsync(_deadline.Token) is { } line)
        {
            if (line.Length == 0 && lines.Count > 0)
            {
                return string.Join('\n', lines);
            }

            if (line.Length > 0)
            {
                lines.Add(line);
            }
        }

        throw new InvalidOperationException("the event stream ended");
    }

    /// <summary>The next <c>event: change</c> block, passing over keep-alives.</summary>
    public async Task<string> NextEventAsync()
    {
        string block;
        while (!(block = await NextAsync()).StartsWith("event: change", StringComparison.Ordinal))
        {
        }

        return block;
    }

    public ValueTask DisposeAsync()
    {
        _reader.Dispose();
        _response.Dispose();
        _deadline.Dispose();
        return ValueTask.CompletedTask;
    }
}
