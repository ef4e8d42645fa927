using Microsoft.Extensions.Time.Testing;

namespace BackupHealth.Agent.Tests.Support;

/// <summary>A <see cref="FakeTimeProvider"/> that counts the timers created on it, so a test can wait until the code
/// under test is actually waiting (has created its delay) before advancing time.</summary>
internal sealed class TimerCountingTimeProvider(DateTimeOffset start) : FakeTimeProvider(start)
{
    private readonly System.Collections.Concurrent.ConcurrentQueue<(TimeSpan Due, TimeSpan Period)> _timers = new();

    public int TimersCreated => _timers.Count;

    /// <summary>Timers created whose due time and period both differ from <paramref name="other"/>: lets a test count
    /// one kind of wait (e.g. reconnect delays) while another kind (a heartbeat) may or may not have started yet.</summary>
    public int TimersCreatedExcept(TimeSpan other) => _timers.Count(t => t.Due != other && t.Period != other);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        // Counted only once the timer exists: counting first let a test see the wait and advance the clock before the
        // timer was registered, which then came due a whole delay later than the test expected (seen under load).
        var timer = base.CreateTimer(callback, state, dueTime, period);
        _timers.Enqueue((dueTime, period));
        return timer;
    }
}
