using System.Globalization;
using System.Text.RegularExpressions;

namespace BackupHealth.Agent.Probes.VeeamAgent;

/// <summary>Parses <c>veeamconfig session list</c>: a header, one row per session, then <c>Total amount: N</c>.
/// A row is <c>job name (may hold spaces) · type · {session guid} · state · start · end</c>; the columns are
/// padded, not delimited, so each row is anchored on the <c>{guid}</c>: the type is the last word before it, the
/// job name everything before that, and after it come the state and the times.</summary>
internal static partial class VeeamSessionList
{
    /// <param name="Total">The trailer's count; null when there is no trailer.</param>
    /// <param name="Unreadable">Lines that have a session id but could not be read.</param>
    internal sealed record Listing(IReadOnlyList<VeeamAgentSession> Sessions, int? Total, IReadOnlyList<string> Unreadable);

    public static Listing Parse(string output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var sessions = new List<VeeamAgentSession>();
        var unreadable = new List<string>();
        int? total = null;
        foreach (var rawLine in output.Split('\n'))
        {
            var line = rawLine.TrimEnd('\r');
            if (Trailer().Match(line) is { Success: true } trailer)
            {
                total = int.Parse(trailer.Groups["count"].Value, CultureInfo.InvariantCulture);
                continue;
            }

            var guid = SessionId().Match(line);
            if (!guid.Success)
            {
                continue; // header, separator or blank line
            }

            if (ParseRow(line, guid) is { } session)
            {
                sessions.Add(session);
            }
            else
            {
                unreadable.Add(line.Trim());
            }
        }

        return new Listing(sessions, total, unreadable);
    }

    private static VeeamAgentSession? ParseRow(string line, Match guid)
    {
        var left = line[..guid.Index].Trim();
        var typeStart = left.LastIndexOfAny([' ', '\t']);
        if (typeStart < 0)
        {
            return null;
        }

        var jobName = left[..typeStart].Trim();
        var type = left[(typeStart + 1)..];
        var right = line[(guid.Index + guid.Length)..].Trim();
        var stateEnd = right.IndexOfAny([' ', '\t']);
        var state = stateEnd < 0 ? right : right[..stateEnd];
        var times = Time().Matches(right);
        if (jobName.Length == 0 || state.Length == 0 || times.Count == 0 || !TryTime(times[0].Value, out var start))
        {
            return null;
        }

        DateTime? end = null;
        if (times.Count > 1)
        {
            if (!TryTime(times[1].Value, out var parsedEnd))
            {
                return null;
            }

            end = parsedEnd;
        }

        return new VeeamAgentSession(jobName, type, guid.Groups["id"].Value, state, start, end);
    }

    private static bool TryTime(string text, out DateTime value) =>
        DateTime.TryParseExact(
            Regex.Replace(text, @"\s+", " "),
            ["yyyy-MM-dd H:mm", "yyyy-MM-dd H:mm:ss"],
            CultureInfo.InvariantCulture,
            DateTimeStyles.None,
            out value);

    [GeneratedRegex(@"\{(?<id>[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12})\}")]
    private static partial Regex SessionId();

    [GeneratedRegex(@"\d{4}-\d{2}-\d{2}\s+\d{1,2}:\d{2}(:\d{2})?")]
    private static partial Regex Time();

    [GeneratedRegex(@"^\s*Total amount:\s*(?<count>\d+)\s*$")]
    private static partial Regex Trailer();
}
