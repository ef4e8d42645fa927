using BackupHealth.Agent.Hosting;
using BackupHealth.ServiceInstall;
using Microsoft.Extensions.Configuration;

namespace BackupHealth.Agent.Enrolment;

/// <summary><c>enroll --token-file FILE [--config FILE]</c>: enrols this agent with the collector the token names and
/// prints one line. Exit codes: 0 enrolled, 1 enrolment failed (one <c>error:</c> line naming the step), 2 bad command
/// line or settings.</summary>
internal static class EnrolVerb
{
    /// <summary>The token file name that means standard input.</summary>
    public const string StandardInput = "-";

    /// <summary>All of enrolment, from the first connect to the stored certificate.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    public static async Task<int> RunAsync(
        AgentCommandLine commandLine, TextReader stdin, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(commandLine);
        ArgumentNullException.ThrowIfNull(stderr);
        AgentOptions options;
        try
        {
            options = Options(commandLine.ConfigFile);
        }
        catch (AgentConfigurationException ex)
        {
            await stderr.WriteLineAsync($"error: {ex.Message}");
            return 2;
        }

        var identity = new AgentIdentity(options.DataPath);
        var exitCode = await EnrolAsync(commandLine.TokenFile!, identity, options.Id, stdin, stdout, stderr, cancellationToken,
            proxy: Transport.CollectorProxy.From(options));
        if (exitCode == 0)
        {
            await HandToServiceUserAsync(identity, stderr);
        }

        return exitCode;
    }

    /// <summary>Enrolled as root for an installed service: the files go to the service user, who must read the key.</summary>
    private static async Task HandToServiceUserAsync(AgentIdentity identity, TextWriter stderr)
    {
        var service = AgentService.Definition;
        if (!OperatingSystem.IsLinux() || !Environment.IsPrivilegedProcess
            || PasswdFile.Find(ServiceLayout.Linux(service), service.Name) is not { } ids)
        {
            return;
        }

        var result = await AgentService.Commands().RunAsync("chown", ["-R", $"{ids.Uid}:{ids.Gid}", identity.Folder], CancellationToken.None);
        if (!result.Succeeded)
        {
            await stderr.WriteLineAsync($"warning: could not give {identity.Folder} to the user {service.Name}: "
                + (result.StartError ?? result.StandardError.Trim()) + $"; run chown -R {service.Name}: {identity.Folder}");
        }
    }

    /// <param name="collectorCaFileSeenByService">See <see cref="AgentEnroller.EnrolAsync"/>.</param>
    public static async Task<int> EnrolAsync(
        string tokenFile,
        AgentIdentity identity,
        string agentId,
        TextReader stdin,
        TextWriter stdout,
        TextWriter stderr,
        CancellationToken cancellationToken,
        string? collectorCaFileSeenByService = null,
        System.Net.IWebProxy? proxy = null)
    {
        ArgumentNullException.ThrowIfNull(identity);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        try
        {
            var token = EnrolmentToken.Parse(await ReadTokenAsync(tokenFile, stdin, cancellationToken));
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(Timeout);
            EnrolmentResult result;
            try
            {
                result = await AgentEnroller.EnrolAsync(token, agentId, identity, timeout.Token, collectorCaFileSeenByService, proxy);
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                throw new EnrolmentException($"{AgentEnroller.Step}: the collector at {token.Url} did not answer within {Timeout.TotalMinutes:0} min");
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new EnrolmentException($"storing the certificate in {identity.Folder}: {ex.Message}", ex);
            }

            await stdout.WriteLineAsync(result.Summary);
            if (tokenFile != StandardInput)
            {
                DeleteTokenFile(tokenFile, stderr);
            }

            return 0;
        }
        catch (EnrolmentException ex)
        {
            await stderr.WriteLineAsync($"error: {ex.Message}");
            return 1;
        }
    }

    /// <summary>The agent's settings as <c>run</c> would see them: the data folder and the agent id.</summary>
    /// <exception cref="AgentConfigurationException">The settings cannot be read.</exception>
    public static AgentOptions Options(string? configFile)
    {
        var builder = new ConfigurationBuilder();
        AgentConfiguration.AddSources(builder, configFile);
        var options = new AgentOptions();
        try
        {
            builder.Build().GetSection(AgentOptions.SectionName).Bind(options);
        }
        catch (InvalidOperationException ex)
        {
            throw new AgentConfigurationException(SettingErrors.FromBinder(ex), ex);
        }

        AgentDefaults.Apply(options);
        return options;
    }

    private static async Task<string> ReadTokenAsync(string tokenFile, TextReader stdin, CancellationToken cancellationToken)
    {
        try
        {
            return tokenFile == StandardInput
                ? await stdin.ReadToEndAsync(cancellationToken)
                : await File.ReadAllTextAsync(tokenFile, cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new EnrolmentException($"reading the token: cannot read {tokenFile}: {ex.Message}", ex);
        }
    }

    /// <summary>The token is used up; a copy lying around would only tell an attacker which collector to try.</summary>
    private static void DeleteTokenFile(string tokenFile, TextWriter stderr)
    {
        try
        {
            File.Delete(tokenFile);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"warning: enrolled, but could not delete the token file {tokenFile}: {ex.Message}");
        }
    }
}
