using System.Text.RegularExpressions;
using BackupHealth.Agent.Probes.Shared.Commands;

namespace BackupHealth.Agent.Probes.Restic;

/// <summary>Why a restic command failed, from its exit code (restic ≥ 0.17: 10 no repository, 11 locked, 12 wrong
/// password) or, for older versions that exit 1 for all of these, from its stderr.</summary>
internal static partial class ResticFailure
{
    public const int ExitFailed = 1;
    public const int ExitIncomplete = 3;
    public const int ExitNoRepository = 10;
    public const int ExitLocked = 11;
    public const int ExitWrongPassword = 12;

    public enum Kind
    {
        Other,
        NoRepository,
        Locked,
        WrongPassword,
    }

    public static Kind Classify(CommandResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var error = result.StandardError;
        return result.ExitCode switch
        {
            ExitNoRepository => Kind.NoRepository,
            ExitLocked => Kind.Locked,
            ExitWrongPassword => Kind.WrongPassword,
            _ when Has(error, "wrong password") => Kind.WrongPassword,
            _ when Has(error, "repository does not exist") || Has(error, "Is there a repository at the following location") => Kind.NoRepository,
            _ when Has(error, "repository is already locked") || Has(error, "unable to create lock") => Kind.Locked,
            _ => Kind.Other,
        };
    }

    /// <summary>A probe error message for a failed command, naming the repository (credentials in its URL hidden).</summary>
    public static string Describe(CommandSpec command, CommandResult result, string repository)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(result);
        if (!result.Started || result.TimedOut)
        {
            return result.Describe(command);
        }

        var repo = Redact(repository);
        var stderr = Summary(result.StandardError);
        var detail = stderr.Length > 0 ? $": {stderr}" : "";
        return Classify(result) switch
        {
            Kind.NoRepository => $"restic repository {repo} does not exist or cannot be opened (check Repository){detail}",
            Kind.WrongPassword => $"wrong password for restic repository {repo} (check Password/PasswordFile){detail}",
            Kind.Locked => $"restic repository {repo} is locked by another restic process{detail}",
            _ => $"{command.Display} exited with code {result.ExitCode}{detail}",
        };
    }

    /// <summary>The end of restic's stderr without the lines it repeats while retrying a backend.</summary>
    public static string Summary(string stderr) => ErrorText.Summary(stderr, Noise);

    /// <summary><c>rest:https://user:secret@host/</c> → <c>rest:https://***@host/</c>.</summary>
    public static string Redact(string repository) => UserInfo().Replace(repository, "//***@");

    private static bool Noise(string line) =>
        line.Contains("returned error, retrying after", StringComparison.Ordinal)
        || line.StartsWith("using temporary cache", StringComparison.Ordinal)
        || line.StartsWith('[');

    private static bool Has(string text, string what) => text.Contains(what, StringComparison.OrdinalIgnoreCase);

    [GeneratedRegex("//[^/@\\s]+@")]
    private static partial Regex UserInfo();
}
