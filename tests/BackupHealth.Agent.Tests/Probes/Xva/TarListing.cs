using BackupHealth.Agent.Probes.Xva;

namespace BackupHealth.Agent.Tests.Probes.Xva;

/// <summary>The members of an archive as <see cref="TarStreamReader"/> reads them: full name and size.</summary>
internal static class TarListing
{
    public static List<(string Name, long Size)> Of(Stream archive)
    {
        var reader = new TarStreamReader(archive);
        var members = new List<(string, long)>();
        while (reader.Next() is { } member)
        {
            members.Add((member.Name, member.Size));
        }

        return members;
    }
}
