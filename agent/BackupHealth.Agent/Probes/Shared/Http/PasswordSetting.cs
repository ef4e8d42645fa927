using System.ComponentModel.DataAnnotations;

namespace BackupHealth.Agent.Probes.Shared.Http;

/// <summary>A vendor API password given either directly (<c>Password</c>, meant for an environment variable such as
/// <c>Probes__0__Password</c>) or as a file only the service account can read (<c>PasswordFile</c>). Never logged.</summary>
internal static class PasswordSetting
{
    /// <param name="valueName">The setting that holds the secret itself (for messages), e.g. <c>Secret</c>.</param>
    /// <param name="fileName">The setting that names a file holding it, e.g. <c>SecretFile</c>.</param>
    public static IEnumerable<ValidationResult> Validate(
        string? password, string? passwordFile, string valueName = "Password", string fileName = "PasswordFile")
    {
        var hasPassword = !string.IsNullOrEmpty(password);
        var hasFile = !string.IsNullOrEmpty(passwordFile);
        if (hasPassword == hasFile)
        {
            yield return new ValidationResult(
                hasPassword ? $"set {valueName} or {fileName}, not both" : $"is required (or set {fileName})",
                [hasPassword ? fileName : valueName]);
            yield break;
        }

        if (hasFile && !Path.IsPathFullyQualified(passwordFile!))
        {
            yield return new ValidationResult("must be an absolute file path", [fileName]);
        }
        else if (hasFile && !File.Exists(passwordFile))
        {
            yield return new ValidationResult($"file {passwordFile} does not exist or cannot be seen by this account", [fileName]);
        }
    }

    /// <summary>Read at each login, so a rotated password file takes effect without a restart. A trailing line break
    /// (as editors and <c>echo</c> leave) is not part of the password.</summary>
    public static string Read(string? password, string? passwordFile) =>
        string.IsNullOrEmpty(passwordFile) ? password ?? "" : File.ReadAllText(passwordFile).TrimEnd('\r', '\n');
}
