using Microsoft.Extensions.Options;

namespace BackupHealth.Agent.Probes.VeeamEvents;

/// <summary>The settings' own checks, and on any other OS a refusal naming the Type setting: the Windows event log
/// exists only on Windows, and a probe that could never read should stop the start, not fail every run.</summary>
internal sealed class WindowsOnlyValidator(IValidateOptions<VeeamEventsProbeOptions> inner, bool isWindows) : IValidateOptions<VeeamEventsProbeOptions>
{
    public const string NotWindowsMessage =
        "the veeam-events probe reads the Windows event log and runs only on Windows; on Linux use veeam (the VBR REST API) or veeam-agent";

    public ValidateOptionsResult Validate(string? name, VeeamEventsProbeOptions options)
    {
        var result = inner.Validate(name, options);
        if (isWindows)
        {
            return result;
        }

        var failures = (result.Failures ?? []).Append($"{nameof(ProbeOptions.Type)}: {NotWindowsMessage}");
        return ValidateOptionsResult.Fail(failures);
    }
}
