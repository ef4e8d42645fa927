namespace BackupHealth.Collector.Ingest;

/// <summary>What one agent sent: observations per second over the last minute (a ring of 60 one-second buckets, so
/// the memory per agent is fixed however fast it sends), its count for the current UTC day, and its refusals.</summary>
internal sealed class AgentTally
{
    private const int WindowSeconds = 60;

    private readonly long[] _second = new long[WindowSeconds];
    private readonly int[] _count = new int[WindowSeconds];
    private DateOnly _day;
    private long _today;

    /// <summary>When the current run of refusals began; null while the agent keeps within its quota.</summary>
    public DateTimeOffset? FloodingSince { get; private set; }

    public DateTimeOffset LastRefused { get; private set; }

    /// <summary>Observations refused since <see cref="FloodingSince"/>.</summary>
    public long Refused { get; private set; }

    /// <summary>Why the latest refusal was made: the setting whose limit it would have crossed.</summary>
    public string RefusedBy { get; private set; } = "";

    /// <summary>The day this tally counts; an agent not seen today has nothing left that matters.</summary>
    public DateOnly Day => _day;

    /// <summary>Observations within the sliding minute that ends at <paramref name="now"/>.</summary>
    public long InLastMinute(long now)
    {
        long sum = 0;
        for (var i = 0; i < WindowSeconds; i++)
        {
            sum += _second[i] > now - WindowSeconds ? _count[i] : 0;
        }

        return sum;
    }

    /// <summary>Observations counted for <paramref name="day"/>; 0 for any other day.</summary>
    public long OnDay(DateOnly day) => day == _day ? _today : 0;

    /// <summary>Seconds from <paramref name="now"/> until enough of the minute's observations leave the window for
    /// <paramref name="wanted"/> more to fit under <paramref name="limit"/>; at least 1.</summary>
    public long SecondsUntilRoom(long now, int wanted, int limit)
    {
        var excess = InLastMinute(now) + wanted - limit;
        foreach (var i in Enumerable.Range(0, WindowSeconds).Where(i => _second[i] > now - WindowSeconds).OrderBy(i => _second[i]))
        {
            excess -= _count[i];
            if (excess <= 0)
            {
                return Math.Max(1, _second[i] + WindowSeconds - now);
            }
        }

        return WindowSeconds;
    }

    public void Add(DateTimeOffset at, int observations)
    {
        var second = at.ToUnixTimeSeconds();
        var slot = (int)(second % WindowSeconds);
        if (_second[slot] != second)
        {
            _second[slot] = second;
            _count[slot] = 0;
        }

        _count[slot] += observations;
        var day = DateOnly.FromDateTime(at.UtcDateTime);
        if (day != _day)
        {
            _day = day;
            _today = 0;
        }

        _today += observations;
    }

    /// <summary>Records a refusal; true when it begins a new run of refusals (none within <paramref name="quietPeriod"/>).</summary>
    public bool Refuse(DateTimeOffset at, int observations, string setting, TimeSpan quietPeriod)
    {
        var begins = !IsFlooding(at, quietPeriod);
        if (begins)
        {
            FloodingSince = at;
            Refused = 0;
        }

        LastRefused = at;
        Refused += observations;
        RefusedBy = setting;
        return begins;
    }

    /// <summary>Whether a refusal was made within <paramref name="quietPeriod"/> before <paramref name="now"/>.</summary>
    public bool IsFlooding(DateTimeOffset now, TimeSpan quietPeriod) => FloodingSince is not null && now - LastRefused <= quietPeriod;
}
