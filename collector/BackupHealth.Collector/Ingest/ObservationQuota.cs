using BackupHealth.Collector.Limits;
using BackupHealth.Collector.Model;
using BackupHealth.Collector.Store;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BackupHealth.Collector.Ingest;

/// <summary>How many observations each agent (site and agent id, over all of its streams) may send: within a sliding
/// minute (<c>Collector:Limits:ObservationsPerAgentPerMinute</c>) and a UTC day (<c>ObservationsPerAgentPerDay</c>).
/// A batch is counted when it is accepted for the store, so a batch that would go over is refused whole and never
/// stored. Counted in memory: a restart of the collector starts every agent's count afresh.</summary>
internal sealed class ObservationQuota(IOptions<LimitsOptions> options, TimeProvider time, ILogger<ObservationQuota> logger) : IFloodWatch
{
    private static readonly TimeSpan SweepInterval = TimeSpan.FromMinutes(10);

    private readonly Dictionary<(long SiteId, string AgentId), AgentTally> _agents = [];
    private readonly Lock _gate = new();
    private DateTimeOffset _nextSweep;

    /// <summary>Counts <paramref name="observations"/> for the agent, or refuses them all when either quota would be
    /// exceeded: then the result says which and when to try again.</summary>
    public QuotaRefusal? Take(SiteIdentity site, string agentId, int observations)
    {
        var limits = options.Value;
        var now = time.GetUtcNow();
        var second = now.ToUnixTimeSeconds();
        var day = DateOnly.FromDateTime(now.UtcDateTime);
        QuotaRefusal refusal;
        bool begins;
        lock (_gate)
        {
            Sweep(now, limits.FloodingQuietPeriod);
            if (!_agents.TryGetValue((site.SiteId, agentId), out var tally))
            {
                _agents[(site.SiteId, agentId)] = tally = new AgentTally();
            }

            if (tally.InLastMinute(second) + observations > limits.ObservationsPerAgentPerMinute)
            {
                refusal = new QuotaRefusal(nameof(LimitsOptions.ObservationsPerAgentPerMinute), limits.ObservationsPerAgentPerMinute, "minute",
                    TimeSpan.FromSeconds(tally.SecondsUntilRoom(second, observations, limits.ObservationsPerAgentPerMinute)));
            }
            else if (tally.OnDay(day) + observations > limits.ObservationsPerAgentPerDay)
            {
                var midnight = new DateTimeOffset(day.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
                refusal = new QuotaRefusal(nameof(LimitsOptions.ObservationsPerAgentPerDay), limits.ObservationsPerAgentPerDay, "UTC day",
                    TimeSpan.FromSeconds(Math.Max(1, Math.Ceiling((midnight - now).TotalSeconds))));
            }
            else
            {
                tally.Add(now, observations);
                return null;
            }

            begins = tally.Refuse(now, observations, refusal.Setting, limits.FloodingQuietPeriod);
        }

        if (begins)
        {
            Log.AgentFlooding(logger, agentId, site.Customer, site.Site, refusal.Limit, refusal.Per, $"{LimitsOptions.SectionName}:{refusal.Setting}");
        }

        return refusal;
    }

    /// <summary>The agents refused within <c>Collector:Limits:FloodingQuietPeriod</c> before <paramref name="now"/>.</summary>
    public IReadOnlyDictionary<(long SiteId, string AgentId), FloodingAgent> Flooding(DateTimeOffset now)
    {
        var quiet = options.Value.FloodingQuietPeriod;
        lock (_gate)
        {
            return _agents.Where(a => a.Value.IsFlooding(now, quiet)).ToDictionary(
                a => a.Key, a => new FloodingAgent(a.Value.FloodingSince!.Value, a.Value.LastRefused, a.Value.Refused, a.Value.RefusedBy));
        }
    }

    /// <summary>Forgets agents with nothing counted today that are not flooding, so ids seen once do not pile up.</summary>
    private void Sweep(DateTimeOffset now, TimeSpan quietPeriod)
    {
        if (now < _nextSweep)
        {
            return;
        }

        _nextSweep = now + SweepInterval;
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        foreach (var key in _agents.Where(a => a.Value.Day != today && !a.Value.IsFlooding(now, quietPeriod)).Select(a => a.Key).ToList())
        {
            _agents.Remove(key);
        }
    }
}
