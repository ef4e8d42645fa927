using System.Globalization;
using BackupHealth.Agent.Probes.Xva;

namespace BackupHealth.Agent.Verify;

/// <summary>A one-line progress bar redrawn in place on a terminal: share of the file's bytes read (compressed
/// bytes for a compressed export) and the read rate.</summary>
internal sealed class VerifyProgressBar : IAsyncDisposable
{
    private const int Width = 30;
    private static readonly TimeSpan Refresh = TimeSpan.FromMilliseconds(250);

    private readonly TextWriter _output;
    private readonly XvaProgress _progress;
    private readonly long _total;
    private readonly TimeProvider _time;
    private readonly long _started;
    private readonly CancellationTokenSource _stop = new();
    private Task _loop = Task.CompletedTask;

    private VerifyProgressBar(TextWriter output, XvaProgress progress, long total, TimeProvider time)
    {
        _output = output;
        _progress = progress;
        _total = total;
        _time = time;
        _started = time.GetTimestamp();
    }

    public static VerifyProgressBar Start(TextWriter output, XvaProgress progress, long total, TimeProvider time)
    {
        var bar = new VerifyProgressBar(output, progress, total, time);
        bar._loop = bar.RunAsync();
        return bar;
    }

    /// <summary>Stops redrawing and clears the line.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
        await _output.WriteAsync($"\r{new string(' ', Width + 50)}\r");
    }

    /// <summary>The bar for the given figures, e.g. <c>[#########.....]  31%  1.2 GiB of 3.9 GiB  812 MB/s</c>.</summary>
    public static string Render(long read, long total, TimeSpan elapsed)
    {
        var fraction = total > 0 ? Math.Clamp((double)read / total, 0, 1) : 1;
        var filled = (int)(fraction * Width);
        var rate = elapsed.TotalSeconds > 0 ? read / elapsed.TotalSeconds / 1e6 : 0;
        return string.Create(CultureInfo.InvariantCulture,
            $"[{new string('#', filled)}{new string('.', Width - filled)}] {fraction * 100,3:F0}%  {XvaSummary.Bytes(read)} of {XvaSummary.Bytes(total)}  {rate:F0} MB/s");
    }

    private async Task RunAsync()
    {
        using var timer = new PeriodicTimer(Refresh, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                await _output.WriteAsync($"\r{Render(_progress.BytesRead, _total, _time.GetElapsedTime(_started))}");
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped: the verification ended.
        }
    }
}
