namespace BackupHealth.Agent.Probes.Files;

/// <summary>One file that matched the probe's pattern. <paramref name="RelativePath"/> uses '/' on every OS.</summary>
internal sealed record BackupFile(string RelativePath, long Size, DateTime LastWriteUtc);
