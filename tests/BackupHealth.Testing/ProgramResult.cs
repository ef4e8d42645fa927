namespace BackupHealth.Testing;

/// <summary>What a program wrote and how it ended.</summary>
public sealed record ProgramResult(int ExitCode, string Output)
{
    public override string ToString() => $"exit code {ExitCode}:\n{Output}";
}
