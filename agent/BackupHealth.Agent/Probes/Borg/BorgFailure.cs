using BackupHealth.Agent.Probes.Shared.Commands;

namespace BackupHealth.Agent.Probes.Borg;

/// <summary>Why a borg command failed. Borg 1.x returns 2 for every error, so the kind is read from its stderr.</summary>
internal static class BorgFailure
{
    public const int ReturnWarning = 1;
    public const int ReturnError = 2;

    public enum Kind
    {
        Other,
        NoRepository,
        WrongPassphrase,
        Locked,
        Relocated,
        UnknownUnencrypted,
    }

    public static Kind Classify(CommandResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var error = result.StandardError;
        return error switch
        {
            _ when Has(error, "passphrase supplied in") || Has(error, "passphrase is incorrect") || Has(error, "passphrase") && Has(error, "incorrect") => Kind.WrongPassphrase,
            _ when Has(error, "does not exist") || Has(error, "is not a valid repository") => Kind.NoRepository,
            _ when Has(error, "Failed to create/acquire the lock") || Has(error, "lock") && Has(error, "timeout") => Kind.Locked,
            _ when Has(error, "was previously located at") => Kind.Relocated,
            _ when Has(error, "previously unknown unencrypted repository") => Kind.UnknownUnencrypted,
            _ => Kind.Other,
        };
    }

    public static string Describe(CommandSpec command, CommandResult result, string repository)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(result);
        if (!result.Started || result.TimedOut)
        {
            return result.Describe(command);
        }

        var stderr = Summary(result.StandardError);
        var detail = stderr.Length > 0 ? $": {stderr}" : "";
        return Classify(result) switch
        {
            Kind.NoRepository => $"borg repository {repository} does not exist or is not a borg repository (check Repository){detail}",
            Kind.WrongPassphrase => $"wrong passphrase for borg repository {repository} (check Passphrase/PassphraseFile){detail}",
            Kind.Locked => $"borg repository {repository} is locked (a backup, prune or check running?) and stayed locked for LockWait{detail}",
            Kind.Relocated => $"borg repository {repository} was moved; borg refuses it until told the move is expected (AcceptRelocated){detail}",
            Kind.UnknownUnencrypted => $"borg repository {repository} is unencrypted and unknown to this probe's borg cache; set AcceptUnencrypted to read it{detail}",
            _ => $"{command.Display} returned {result.ExitCode}{detail}",
        };
    }

    public static string Summary(string stderr) => ErrorText.Summary(stderr, line => line.StartsWith("Do you want to continue", StringComparison.Ordinal));

    private static bool Has(string text, string what) => text.Contains(what, StringComparison.OrdinalIgnoreCase);
}
