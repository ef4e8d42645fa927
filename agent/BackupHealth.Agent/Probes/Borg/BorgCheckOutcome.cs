namespace BackupHealth.Agent.Probes.Borg;

/// <summary>The verdict of one <c>borg check</c>.</summary>
/// <param name="At">When it ran; part of the verified observation's id, so each check is a fact of its own.</param>
internal sealed record BorgCheckOutcome(bool Passed, string Detail, DateTimeOffset At);
