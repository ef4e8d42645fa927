using Microsoft.Extensions.Options;

namespace BackupHealth.Collector.Web.Auth;

/// <summary>Checks <see cref="AuthOptions"/>; each failure names the key an operator writes
/// (<c>Collector:Auth:InitialAdmin:PasswordFile: ...</c>).</summary>
internal sealed class AuthOptionsValidator : IValidateOptions<AuthOptions>
{
    private readonly AuthOptionsAnnotations _annotations = new();

    public ValidateOptionsResult Validate(string? name, AuthOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = (_annotations.Validate(name, options).Failures ?? []).Select(f => $"{AuthOptions.SectionName}:{f}").ToList();
        if (options.LockoutMaxDuration < options.LockoutDuration)
        {
            failures.Add($"{AuthOptions.SectionName}:LockoutMaxDuration: must be at least {AuthOptions.SectionName}:LockoutDuration ({options.LockoutDuration:c})");
        }

        var admin = options.InitialAdmin;
        var key = $"{AuthOptions.SectionName}:InitialAdmin";
        if (!string.IsNullOrWhiteSpace(admin.Username) && string.IsNullOrWhiteSpace(admin.PasswordFile))
        {
            failures.Add($"{key}:PasswordFile: required with {key}:Username (a file holding the first admin's password)");
        }
        else if (string.IsNullOrWhiteSpace(admin.Username) && !string.IsNullOrWhiteSpace(admin.PasswordFile))
        {
            failures.Add($"{key}:Username: required with {key}:PasswordFile");
        }
        else if (admin.Username is { } user && UserAccounts.CheckName(user.Trim()) is { } problem)
        {
            failures.Add($"{key}:Username: {problem}");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
