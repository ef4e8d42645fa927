using System.ComponentModel.DataAnnotations;

namespace BackupHealth.Agent.Probes.Http;

/// <summary>A vendor API password given either directly (<c>Password</c>, meant for an environment variable such as
/// <c>Probes__0__Password</c>) or as a file only the service account can read (<c>PasswordFile</c>). Never logged.</summary>
internal static class PasswordSetting
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

        if (hasFile && !Path.IsPathFullyQualified(passwordFile!))
        {
            yield return new ValidationResult("must be an absolute file path", ["PasswordFile"]);
        }
        else if (hasFile && !File.Exists(passwordFile))
        {
            yield return new ValidationResult($"file {passwordFile} does not exist or cannot be seen by this account", ["PasswordFile"]);
        }
    }

    /// <summary>Read at each login, so a rotated password file takes effect without a restart. A trailing line break
    /// (as editors and <c>echo</c> leave) is not part of the password.</summary>
    public static string Read(string? password, string? passwordFile) =>
        string.IsNullOrEmpty(passwordFile) ? password ?? "" : File.ReadAllText(passwordFile).TrimEnd('\r', '\n');
}
