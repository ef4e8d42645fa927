using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace BackupHealth.Agent.Probes;

/// <summary>How to turn one <c>Probes:N</c> section of a given type into a running probe: bind and validate its
/// options, then create it. Binding is a delegate written with the concrete options type so the configuration
/// binding source generator can see it (no reflection).</summary>
internal sealed class ProbeRegistration
{
    private readonly Func<IConfigurationSection, ProbeOptions> _bind;
    private readonly Func<ProbeOptions, string, IReadOnlyList<string>> _validate;
    private readonly Func<ProbeOptions, ProbeContext, IProbe> _create;

    private ProbeRegistration(
        string type,
        Func<IConfigurationSection, ProbeOptions> bind,
        Func<ProbeOptions, string, IReadOnlyList<string>> validate,
        Func<ProbeOptions, ProbeContext, IProbe> create)
    {
        Type = type;
        _bind = bind;
        _validate = validate;
        _create = create;
    }

    public string Type { get; }

    public static ProbeRegistration Create<TOptions>(
        string type,
        Func<IConfigurationSection, TOptions> bind,
        IValidateOptions<TOptions> validator,
        Func<TOptions, ProbeContext, IProbe> create)
        where TOptions : ProbeOptions =>
        new(
            type,
            bind,
            (options, path) => Hosting.SettingErrors.From(validator.Validate(path, (TOptions)options), path),
            (options, context) => create((TOptions)options, context));

    public ProbeOptions Bind(IConfigurationSection section) => _bind(section);

    /// <returns>Errors worded as <c>Probes:N:Setting: message</c>; empty when valid.</returns>
    public IReadOnlyList<string> Validate(ProbeOptions options, string sectionPath) => _validate(options, sectionPath);

    public IProbe Create(ProbeOptions options, ProbeContext context) => _create(options, context);
}
