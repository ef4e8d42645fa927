using Microsoft.Extensions.Options;

namespace BackupHealth.Collector.Limits;

/// <summary>Stops the start when <c>Collector:Limits:FileDescriptorReserve</c> leaves (almost) no descriptors for
/// connections under the process's open-file limit. A limit that merely cannot hold every connection lowers the
/// connection cap instead (<see cref="ConnectionBudget"/>), with a warning.</summary>
internal sealed class OpenFileLimitValidator(IOpenFileLimit openFiles) : IValidateOptions<LimitsOptions>
{
    public ValidateOptionsResult Validate(string? name, LimitsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return ConnectionBudget.Problem(options, openFiles.Read()) is { } problem ? ValidateOptionsResult.Fail(problem) : ValidateOptionsResult.Success;
    }
}
