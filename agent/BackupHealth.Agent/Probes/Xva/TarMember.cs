namespace BackupHealth.Agent.Probes.Xva;

/// <summary>One member of a tar archive as its header describes it.</summary>
/// <param name="Name">Full name: ustar prefix, GNU long name or pax path applied.</param>
/// <param name="IsRegularFile">False for directories, links and the like, which an XVA never holds.</param>
internal readonly record struct TarMember(string Name, long Size, bool IsRegularFile);
