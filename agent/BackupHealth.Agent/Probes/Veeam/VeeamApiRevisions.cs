using System.Net;
using System.Text.RegularExpressions;

namespace BackupHealth.Agent.Probes.Veeam;

/// <summary>The REST API revisions (<c>x-api-version</c>) the probe knows, and how a VBR server refuses one: HTTP 400,
/// <c>{"errorCode":"NotImplemented","message":"Unsupported RESTAPI version. The following versions are supported:
/// v1.0-rev1, v1.0-rev2, v1.1-rev0"}</c>. A server answers so for a revision it does not serve at all, and for a route
/// the requested revision does not have (the list then names the requested revision too).</summary>
internal static partial class VeeamApiRevisions
{
    /// <summary>Newest first: 1.3 = v13, 1.2-rev1 = 12.3.1, 1.2-rev0 = 12.3.0, 1.1-rev2 = 12.2, 1.1-rev1 = 12.1,
    /// 1.1-rev0 = 12.0, 1.0-rev2 = 11.0.1, 1.0-rev1 = 11.0 (helpcenter.veeam.com/docs/backup/vbr_rest/versioning.html).</summary>
    public static readonly IReadOnlyList<string> Known =
        ["1.3-rev1", "1.3-rev0", "1.2-rev1", "1.2-rev0", "1.1-rev2", "1.1-rev1", "1.1-rev0", "1.0-rev2", "1.0-rev1"];

    /// <summary>The first revision with <c>/sessions/{id}/taskSessions</c> (VBR 12.3.1).</summary>
    public const string TaskSessionsSince = "1.2-rev1";

    public static bool IsRefusal(HttpStatusCode status, string? message) =>
        status == HttpStatusCode.BadRequest && message is not null
        && message.Contains("Unsupported RESTAPI version", StringComparison.OrdinalIgnoreCase);

    /// <summary>The revisions a refusal lists (<c>v1.0-rev1</c> read as <c>1.0-rev1</c>); empty when it lists none.</summary>
    public static IReadOnlySet<string> Listed(string message) =>
        Revision().Matches(message).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>What to try after <paramref name="refused"/>: the newest known revision older than it that the server
    /// listed, or, when its answer lists none, the next older known one; null when nothing is left to try.</summary>
    public static string? Next(string refused, string message)
    {
        var position = IndexOf(refused);
        if (position < 0)
        {
            return null;
        }

        var older = Known.Skip(position + 1).ToList();
        var listed = Listed(message);
        return listed.Count == 0 ? older.FirstOrDefault() : older.FirstOrDefault(listed.Contains);
    }

    /// <summary>Whether <paramref name="revision"/> is at least <paramref name="since"/>; unknown revisions (an
    /// ApiVersion setting newer than this probe) count as new.</summary>
    public static bool AtLeast(string revision, string since)
    {
        var position = IndexOf(revision);
        return position < 0 || position <= IndexOf(since);
    }

    private static int IndexOf(string revision)
    {
        for (var i = 0; i < Known.Count; i++)
        {
            if (string.Equals(Known[i], revision, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return -1;
    }

    [GeneratedRegex(@"\bv?(\d+\.\d+-rev\d+)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Revision();
}
