using System.Threading.Channels;
using BackupHealth.Agent.Probes.Xva;
using BackupHealth.Agent.Verify;
using BackupHealth.Testing;
using Microsoft.Extensions.Time.Testing;

namespace BackupHealth.Agent.Tests.Verify;

/// <summary>The bar on a fake clock: a verification of a test-sized file ends long before a real 250 ms tick, so only
/// a clock the test moves shows that the bar is drawn at all.</summary>
public sealed class VerifyProgressBarTests
{
    private const long MiB = 1024 * 1024;
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(250);

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly WriteRecorder _stderr = new();
    private readonly XvaProgress _progress = new();

    [Fact]
    public async Task Each_tick_redraws_the_bar_in_place_with_what_has_been_read_so_far()
    {
        var bar = VerifyProgressBar.Start(_stderr, _progress, 4 * MiB, _time);

        _progress.Add(1 * MiB);
        _time.Advance(Tick);
        var first = await _stderr.NextAsync();
        _progress.Add(3 * MiB);
        _time.Advance(Tick);
        var second = await _stderr.NextAsync();
        await bar.DisposeAsync();

        Assert.Equal("\r" + VerifyProgressBar.Render(1 * MiB, 4 * MiB, Tick), first);
        Assert.Contains(" 25%  1.0 MiB of 4.0 MiB", first, StringComparison.Ordinal);
        Assert.Equal("\r" + VerifyProgressBar.Render(4 * MiB, 4 * MiB, 2 * Tick), second);
        Assert.Matches(@"^\r +\r$", await _stderr.NextAsync());
    }

    [Fact]
    public async Task Stopping_before_the_first_tick_only_clears_the_line()
    {
        var bar = VerifyProgressBar.Start(_stderr, _progress, 4 * MiB, _time);
        _progress.Add(4 * MiB);

        await bar.DisposeAsync();
        _time.Advance(Tick);

        Assert.Matches(@"^\r +\r$", await _stderr.NextAsync());
        Assert.False(_stderr.TryNext(out var more), $"drawn after it stopped: {more}");
    }

    /// <summary>Each write as one string, in order, for a test to await.</summary>
    private sealed class WriteRecorder : StringWriter
    {
        private readonly Channel<string> _writes = Channel.CreateUnbounded<string>();

        public override void Write(string? value) => _writes.Writer.TryWrite(value ?? "");

        public override Task WriteAsync(string? value)
        {
            Write(value);
            return Task.CompletedTask;
        }

        public async Task<string> NextAsync() => await _writes.Reader.ReadAsync().AsTask().WaitAsync(Poll.DefaultTimeout);

        public bool TryNext(out string? value) => _writes.Reader.TryRead(out value);
    }
}
