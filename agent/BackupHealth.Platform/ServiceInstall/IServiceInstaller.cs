namespace BackupHealth.ServiceInstall;

/// <summary>Registers a program as the platform's service (a systemd unit, a Windows service) and removes it again.
/// Each step is reported on <c>log</c> as one line.</summary>
internal interface IServiceInstaller
{
    Task InstallAsync(InstallRequest request, TextWriter log, CancellationToken cancellationToken);

    Task UninstallAsync(UninstallRequest request, TextWriter log, CancellationToken cancellationToken);
}

/// <param name="Executable">The program the service runs (absolute path).</param>
/// <param name="ConfigSource">A settings file to install as the configuration; null to keep an existing one or write
/// the template.</param>
/// <param name="TemplateValues">Template settings given on the command line (setting name → value).</param>
internal sealed record InstallRequest(
    string Executable,
    string? ConfigSource,
    IReadOnlyDictionary<string, string> TemplateValues);

/// <param name="Purge">Also remove the configuration, the data and (on Linux) the service user.</param>
internal sealed record UninstallRequest(bool Purge);
