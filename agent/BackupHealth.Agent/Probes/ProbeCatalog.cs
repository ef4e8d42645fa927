using BackupHealth.Agent.Hosting;
using Microsoft.Extensions.Configuration;

namespace BackupHealth.Agent.Probes;

/// <summary>The probes configured under <c>Probes</c>, each bound, validated and created by its type's registration.
/// Owns them: disposing the catalog (the host does, at shutdown) disposes each probe that holds something, such as
/// an HTTP client or a XAPI session to log out of.</summary>
internal sealed class ProbeCatalog(IReadOnlyList<ProbeEntry> probes) : IAsyncDisposable, IDisposable
{
    public const string SectionName = "Probes";

    public IReadOnlyList<ProbeEntry> Probes { get; } = probes;

    public async ValueTask DisposeAsync()
    {
        foreach (var entry in Probes)
        {
            switch (entry.Probe)
            {
                case IAsyncDisposable asyncDisposable:
                    await asyncDisposable.DisposeAsync().ConfigureAwait(false);
                    break;
                case IDisposable disposable:
                    disposable.Dispose();
                    break;
            }
        }
    }

    /// <summary>For a host disposed synchronously (<c>using var host</c>); waits for asynchronous disposals.</summary>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    /// <exception cref="AgentConfigurationException">Any probe section is invalid; every problem is listed.</exception>
    public static ProbeCatalog Load(IConfiguration probesSection, ProbeRegistry registry, ProbeContext context)
    {
        ArgumentNullException.ThrowIfNull(probesSection);
        ArgumentNullException.ThrowIfNull(registry);
        var errors = new List<string>();
        var probes = new List<ProbeEntry>();
        var pathByName = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var section in probesSection.GetChildren())
        {
            var options = BindAndValidate(section, registry, errors);
            if (options is null)
            {
                continue;
            }

            if (!pathByName.TryAdd(options.Name, section.Path))
            {
                errors.Add($"{section.Path}:Name: duplicate probe name '{options.Name}' (also {pathByName[options.Name]})");
                continue;
            }

            probes.Add(new ProbeEntry(registry.Find(options.Type)!.Create(options, context), options));
        }

        return errors.Count == 0 ? new ProbeCatalog(probes) : throw new AgentConfigurationException(errors);
    }

    private static ProbeOptions? BindAndValidate(IConfigurationSection section, ProbeRegistry registry, List<string> errors)
    {
        var type = section["Type"];
        if (string.IsNullOrWhiteSpace(type))
        {
            errors.Add($"{section.Path}:Type: The Type field is required.");
            return null;
        }

        var registration = registry.Find(type);
        if (registration is null)
        {
            errors.Add($"{section.Path}:Type: unknown probe type '{type}' (known: {string.Join(", ", registry.KnownTypes)})");
            return null;
        }

        ProbeOptions options;
        try
        {
            options = registration.Bind(section);
        }
        catch (InvalidOperationException ex)
        {
            // The binder names the key it could not convert, e.g. "Failed to convert configuration value at 'Probes:0:Interval'".
            errors.Add(SettingErrors.FromBinder(ex));
            return null;
        }

        var problems = registration.Validate(options, section.Path);
        errors.AddRange(problems);
        return problems.Count == 0 ? options : null;
    }
}
