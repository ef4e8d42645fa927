using Microsoft.Extensions.Options;

namespace BackupHealth.Agent.Probes.Shared.EventLog;

/// <summary>The settings' own checks, and on any other OS a refusal naming the Type setting: a probe that reads what
/// exists only on Windows (the event log, wbadmin) could never read elsewhere, so it should stop the start, not fail
/// every run.</summary>
/// <param name="notWindowsMessage">Says which probe and what to use instead.</param>
internal sealed class WindowsOnlyValidator<TOptions>(IValidateOptions<TOptions> inner, bool isWindows, string notWindowsMessage) : IValidateOptions<TOptions>
    where TOptions : ProbeOptions
{
    public ValidateOptionsResult Validate(string? name, TOptions options)
    {
        var result = inner.Validate(name, options);
        if (isWindows)
        {
            return result;
        }

        var failures = (result.Failures ?? []).Append($"{nameof(ProbeOptions.Type)}: {notWindowsMessage}");
        return ValidateOptionsResult.Fail(failures);
    }
}
