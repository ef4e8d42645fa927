namespace BackupHealth.Agent.Probes.Command;

/// <summary>One observation as a script prints it in <see cref="CommandOutputMode.Json"/> mode. Times are text so
/// that a time without a zone can be refused rather than guessed.</summary>
internal sealed class CommandJsonObservation
{
    /// <summary>The script's stable id for the job; defaults to <see cref="JobName"/>.</summary>
    public string? JobKey { get; set; }

    public string? JobName { get; set; }

    /// <summary>success, warning, failed or running.</summary>
    public string? Status { get; set; }

    public string? StartTime { get; set; }

    public string? EndTime { get; set; }

    public long? SizeBytes { get; set; }

    public string? Message { get; set; }

    public string? ProtectedObject { get; set; }

    public Dictionary<string, string>? Attributes { get; set; }

    /// <summary>The source retries this failed run: the collector waits for the retry before it alerts.</summary>
    public bool? WillRetry { get; set; }

    /// <summary>Absent means not verified.</summary>
    public CommandJsonVerification? Verification { get; set; }
}
