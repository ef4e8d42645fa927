using Microsoft.Extensions.Options;

namespace BackupHealth.Agent.Hosting;

/// <summary>Validates the <c>Agent</c> section with the generated validator and words every failure as
/// <c>Agent:Setting: message</c>. The token is only required by verbs that talk to the collector, and only while the
/// agent has no certificate of its own (enrolment).</summary>
internal sealed class AgentSettingsValidator(bool requireToken) : IValidateOptions<AgentOptions>
{
    private readonly AgentOptionsValidator _generated = new();

    public ValidateOptionsResult Validate(string? name, AgentOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = SettingErrors.From(_generated.Validate(AgentOptions.SectionName, options), AgentOptions.SectionName).ToList();
        if (requireToken && string.IsNullOrWhiteSpace(options.Token) && !new Enrolment.AgentIdentity(options.DataPath).Exists)
        {
            errors.Add($"{AgentOptions.SectionName}:Token: is required to run; set it to the agent token the collector issued "
                + "for this site (e.g. environment variable Agent__Token), or enrol the agent (backuphealth-agent enroll --token-file FILE)");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
