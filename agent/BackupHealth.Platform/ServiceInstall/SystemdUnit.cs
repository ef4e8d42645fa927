using System.Globalization;
using System.Text;

namespace BackupHealth.ServiceInstall;

/// <summary>The unit file: a notify service (the program reports READY through UseSystemd and logs to the journal)
/// under its own user, restarted on failure with a growing delay, and sandboxed so that it can write only its data
/// folder.</summary>
internal static class SystemdUnit
{
    /// <summary>RestartSteps and RestartMaxDelaySec (a growing delay) are known from systemd 254 on; older versions
    /// warn about them, so they are written only where they are understood.</summary>
    public const int GrowingRestartDelayVersion = 254;

    public static string Render(ServiceDefinition service, ServiceLayout layout, string executable, int systemdVersion)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(layout);
        var command = string.Join(' ', new[] { executable }.Concat(service.RunArguments).Concat(["--config", layout.ConfigFile]).Select(Quote));
        var unit = new StringBuilder();
        unit.Append(CultureInfo.InvariantCulture, $"""
            # Written by `{service.Name} install`; `{service.Name} uninstall` removes it.
            # Local changes belong in a drop-in (systemctl edit {service.Name}), which upgrades keep.
            [Unit]
            Description={service.DisplayName}
            Wants=network-online.target
            After=network-online.target
            # Never give up restarting: a monitoring agent that stays down is the failure it exists to report.
            StartLimitIntervalSec=0

            [Service]
            Type=notify
            ExecStart={command}
            User={service.Name}
            Group={service.Name}
            WorkingDirectory={layout.DataFolder}
            Restart=on-failure
            RestartSec=5s

            """);
        if (systemdVersion >= GrowingRestartDelayVersion)
        {
            unit.Append("""
                RestartSteps=6
                RestartMaxDelaySec=5min

                """);
        }

        unit.Append(CultureInfo.InvariantCulture, $"""
            TimeoutStopSec=30s
            # Sandbox: the whole file system read-only except the data folder, no home folders, no privilege gain,
            # no capabilities (no probe needs one: they read files, run backup tools and call APIs as this user).
            ProtectSystem=strict
            ProtectHome=yes
            ReadWritePaths={layout.DataFolder}
            PrivateTmp=yes
            NoNewPrivileges=yes
            CapabilityBoundingSet=
            AmbientCapabilities=
            ProtectKernelTunables=yes
            ProtectKernelModules=yes
            ProtectControlGroups=yes
            RestrictSUIDSGID=yes
            LockPersonality=yes
            UMask=0027

            [Install]
            WantedBy=multi-user.target

            """);
        return unit.ToString();
    }

    /// <summary>systemd splits ExecStart on spaces and reads quotes and backslashes; a path with neither stays bare.</summary>
    private static string Quote(string word) =>
        word.Length > 0 && !word.Any(c => char.IsWhiteSpace(c) || c is '"' or '\'' or '\\' or '%' or '$' or ';')
            ? word
            : "\"" + word.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)
                .Replace("%", "%%", StringComparison.Ordinal).Replace("$", "$$", StringComparison.Ordinal) + "\"";

    /// <summary>The major version from <c>systemctl --version</c>'s first line (<c>systemd 252 (252.39-1~deb12u2)</c>);
    /// 0 when it cannot be read.</summary>
    public static int ParseVersion(string systemctlVersionOutput)
    {
        ArgumentNullException.ThrowIfNull(systemctlVersionOutput);
        var words = systemctlVersionOutput.Split([' ', '\n'], 3, StringSplitOptions.RemoveEmptyEntries);
        return words.Length >= 2 && words[0] == "systemd" && int.TryParse(words[1], NumberStyles.None, CultureInfo.InvariantCulture, out var version)
            ? version
            : 0;
    }
}
