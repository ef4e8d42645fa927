using System.Text;
using System.Text.Json;
using BackupHealth.Agent.Probes.Shared.Commands;

namespace BackupHealth.Agent.Probes.HyperVExport;

/// <summary>Reads <c>Msvm_ComputerSystem</c> from <c>root/virtualization/v2</c> with Windows PowerShell's
/// <c>Get-CimInstance</c>, printed as JSON: every VM (Name a GUID) and the host itself (Name the computer name, dropped
/// by <see cref="HyperVInventory.From"/>). Caption is localized, so it is not used to tell them apart. PowerShell rather
/// than System.Management because the latter is built on COM interop, which a NativeAOT agent does not have.</summary>
internal sealed class CimHyperVInventorySource(ICommandRunner commands) : IHyperVInventorySource
{
    public const string Namespace = "root/virtualization/v2";

    /// <summary>Starting Windows PowerShell takes a second or two; a CIM query that hangs must not hold the probe.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromMinutes(1);

    /// <summary>The exit code the script gives when the CIM query itself failed (its reason on stderr).</summary>
    public const int QueryFailedExitCode = 3;

    // @(…) and -InputObject keep one VM (or none) a JSON array. Errors are caught to print one line with the CIM
    // error id (HRESULT), which the message is chosen by, instead of PowerShell's multi-line error record.
    public const string Script = """
        $ErrorActionPreference = 'Stop'
        [Console]::OutputEncoding = [Text.UTF8Encoding]::new($false)
        try {
            $vms = @(Get-CimInstance -Namespace 'root/virtualization/v2' -ClassName Msvm_ComputerSystem -Property Name, ElementName, EnabledState |
                Select-Object Name, ElementName, EnabledState)
        } catch {
            [Console]::Error.WriteLine("$($_.FullyQualifiedErrorId): $($_.Exception.Message)")
            exit 3
        }
        ConvertTo-Json -InputObject $vms -Compress
        """;

    // WBEM_E_INVALID_NAMESPACE and WBEM_E_ACCESS_DENIED, as Get-CimInstance's error ids carry them.
    private const string InvalidNamespace = "0x8004100e";
    private const string AccessDenied = "0x80041003";

    /// <summary>Windows PowerShell from the system folder, not whatever <c>powershell.exe</c> PATH finds first.</summary>
    public static string PowerShellPath => Path.Combine(Environment.SystemDirectory, "WindowsPowerShell", "v1.0", "powershell.exe");

    /// <summary>The script as <c>-EncodedCommand</c> (UTF-16LE, base64): no quoting of the script by the command
    /// line, which Windows PowerShell parses in its own way.</summary>
    public static CommandSpec Command { get; } = new(
        PowerShellPath,
        ["-NoProfile", "-NonInteractive", "-EncodedCommand", Convert.ToBase64String(Encoding.Unicode.GetBytes(Script))],
        Timeout);

    public async Task<IReadOnlyList<HyperVVm>> ReadVmsAsync(CancellationToken cancellationToken)
    {
        var result = await commands.RunAsync(Command, cancellationToken).ConfigureAwait(false);
        if (!result.Started)
        {
            throw new IOException($"cannot run Windows PowerShell to read {Namespace}: {result.StartError}");
        }

        if (result.TimedOut)
        {
            throw new IOException($"reading {Namespace} with Get-CimInstance did not finish within {Timeout} and was stopped");
        }

        if (result.ExitCode != 0)
        {
            throw QueryFailed(result);
        }

        return Parse(result.StandardOutput);
    }

    /// <exception cref="IOException">The output is not the JSON array the script prints.</exception>
    public static IReadOnlyList<HyperVVm> Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        if (json.AsSpan().Trim().IsEmpty)
        {
            return [];
        }

        List<CimComputerSystem>? systems;
        try
        {
            systems = JsonSerializer.Deserialize(json, HyperVInventoryJsonContext.Default.ListCimComputerSystem);
        }
        catch (JsonException ex)
        {
            throw new IOException($"Get-CimInstance printed no JSON array of {Namespace} systems: {ex.Message}", ex);
        }

        return (systems ?? [])
            .Select(s => new HyperVVm(s.ElementName ?? "", s.Name ?? "", s.EnabledState))
            .ToList();
    }

    private static Exception QueryFailed(CommandResult result)
    {
        var error = ErrorText.Summary(result.StandardError);
        if (result.ExitCode == QueryFailedExitCode && error.Contains(InvalidNamespace, StringComparison.OrdinalIgnoreCase))
        {
            return new IOException($"the CIM namespace {Namespace} does not exist: is the Hyper-V role installed?");
        }

        if (result.ExitCode == QueryFailedExitCode && error.Contains(AccessDenied, StringComparison.OrdinalIgnoreCase))
        {
            return new UnauthorizedAccessException($"access to {Namespace} is denied: the agent's account must be in Hyper-V Administrators or Administrators ({error})");
        }

        return new IOException(error.Length == 0
            ? $"reading {Namespace} with Get-CimInstance exited with code {result.ExitCode}"
            : $"cannot query {Namespace}: {error}");
    }
}
