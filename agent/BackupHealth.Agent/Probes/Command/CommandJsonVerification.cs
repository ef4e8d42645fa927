namespace BackupHealth.Agent.Probes.Command;

/// <summary>What a script says about the verification of one run (a restore test, a checksum, a repository check).</summary>
internal sealed class CommandJsonVerification
{
    /// <summary>passed, failed or notVerified.</summary>
    public string? State { get; set; }

    public string? Detail { get; set; }
}
