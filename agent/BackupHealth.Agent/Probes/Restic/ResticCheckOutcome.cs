namespace BackupHealth.Agent.Probes.Restic;

/// <summary>The verdict of one <c>restic check</c>.</summary>
/// <param name="At">When it ran; part of the verified observations' ids, so each check is a fact of its own.</param>
internal sealed record ResticCheckOutcome(bool Passed, string Detail, DateTimeOffset At);
