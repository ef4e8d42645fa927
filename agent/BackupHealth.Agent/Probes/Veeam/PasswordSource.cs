using System.ComponentModel.DataAnnotations;

namespace BackupHealth.Agent.Probes.Veeam;

/// <summary>A password given directly (through the environment) or as a file holding it.</summary>
internal static class PasswordSource
{
    public static IEnumerable<ValidationResult> Validate(string? password, string? passwordFile)
    {
        var hasPassword = !string.IsNullOrEmpty(password);
        var hasFile = !string.IsNullOrEmpty(passwordFile);
        if (hasPassword == hasFile)
        {
            yield return new ValidationResult(
                hasPassword ? "set Password or PasswordFile, not both" : "is required (or set PasswordFile)",
                [hasPassword ? "PasswordFile" : "Password"]);
            yield break;
        }

        if (hasFile && (!Path.IsPathFullyQualified(passwordFile!) || !File.Exists(passwordFile)))
        {
            yield return new ValidationResult("must be the absolute path of an existing file", ["PasswordFile"]);
        }
    }

    /// <summary>Read at each login, so a rotated password file takes effect without a restart.</summary>
    public static string Read(string? password, string? passwordFile) =>
        string.IsNullOrEmpty(passwordFile) ? password ?? "" : File.ReadAllText(passwordFile).TrimEnd('\r', '\n');
}
