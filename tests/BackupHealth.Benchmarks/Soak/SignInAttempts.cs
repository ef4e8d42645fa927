using System.Collections.Concurrent;
using System.Net;
using System.Text.RegularExpressions;

namespace BackupHealth.Benchmarks.Soak;

/// <summary>Wrong sign-ins from one address at a fixed rate (an anonymous guesser), counted by answer.</summary>
internal sealed partial class SignInAttempts(Uri web, int perSecond) : IDisposable
{
    private const int MaxInFlight = 256;
    private readonly SocketsHttpHandler _handler = Configure(LoopbackAddresses.Handler(LoopbackAddresses.Attacker));
    private readonly ConcurrentDictionary<string, int> _answers = new();
    private int _inFlight;
    private int _skipped;

    /// <summary>Answers since the last call (status code or error name → count), and attempts not made because
    /// <see cref="MaxInFlight"/> were still unanswered.</summary>
    public (IReadOnlyDictionary<string, int> Answers, int Skipped) Take()
    {
        var answers = new Dictionary<string, int>();
        foreach (var key in _answers.Keys)
        {
            if (_answers.TryRemove(key, out var count))
            {
                answers[key] = count;
            }
        }

        return (answers, Interlocked.Exchange(ref _skipped, 0));
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var client = new HttpClient(_handler, disposeHandler: false) { BaseAddress = web };
        var page = await client.GetStringAsync(new Uri("/signin", UriKind.Relative), cancellationToken);
        var token = WebUtility.HtmlDecode(AntiforgeryField().Match(page).Groups[1].Value);
        // Ten attempts every 50 ms: the rate without a timer per attempt.
        using var tick = new PeriodicTimer(TimeSpan.FromMilliseconds(50));
        var perTick = Math.Max(1, perSecond / 20);
        var n = 0;
        while (await tick.WaitForNextTickAsync(cancellationToken))
        {
            for (var i = 0; i < perTick; i++)
            {
                if (Interlocked.Increment(ref _inFlight) > MaxInFlight)
                {
                    Interlocked.Decrement(ref _inFlight);
                    Interlocked.Increment(ref _skipped);
                    continue;
                }

                _ = AttemptAsync(client, token, $"guess-{n++}", cancellationToken);
            }
        }
    }

    private async Task AttemptAsync(HttpClient client, string token, string password, CancellationToken cancellationToken)
    {
        string answer;
        try
        {
            using var form = new FormUrlEncodedContent([new("Username", "admin"), new("Password", password), new("__RequestVerificationToken", token)]);
            using var response = await client.PostAsync(new Uri("/signin", UriKind.Relative), form, cancellationToken);
            answer = ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return;
        }
        catch (HttpRequestException e)
        {
            answer = e.HttpRequestError.ToString();
        }
        catch (TaskCanceledException)
        {
            answer = "timeout";
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }

        _answers.AddOrUpdate(answer, 1, (_, c) => c + 1);
    }

    private static SocketsHttpHandler Configure(SocketsHttpHandler handler)
    {
        handler.AllowAutoRedirect = false;
        handler.CookieContainer = new CookieContainer();
        return handler;
    }

    public void Dispose() => _handler.Dispose();

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
