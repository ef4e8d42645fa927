namespace BackupHealth.ServiceInstall;

/// <summary>The few service control manager calls install and uninstall make. <see cref="SCManager"/> makes them
/// through advapi32; tests substitute this interface to see the calls without a Windows machine.</summary>
internal interface ISCManager
{
    bool Exists(string serviceName);

    /// <summary>CreateServiceW: an own-process service running as LocalSystem.</summary>
    void Create(string serviceName, string displayName, string commandLine, WindowsStartType startType);

    /// <summary>ChangeServiceConfigW: points an existing service at a new command line (an upgrade).</summary>
    void Update(string serviceName, string displayName, string commandLine, WindowsStartType startType);

    /// <summary>ChangeServiceConfig2W with SERVICE_CONFIG_DESCRIPTION.</summary>
    void SetDescription(string serviceName, string description);

    /// <summary>ChangeServiceConfig2W with SERVICE_CONFIG_DELAYED_AUTO_START_INFO.</summary>
    void SetDelayedAutoStart(string serviceName, bool delayed);

    /// <summary>ChangeServiceConfig2W with SERVICE_CONFIG_FAILURE_ACTIONS and SERVICE_CONFIG_FAILURE_ACTIONS_FLAG.</summary>
    void SetRecovery(string serviceName, WindowsRecovery recovery);

    void Start(string serviceName);

    /// <summary>Asks the service to stop and waits until it has, up to <paramref name="timeout"/>; nothing when it
    /// is not running.</summary>
    void Stop(string serviceName, TimeSpan timeout);

    /// <summary>DeleteService: the service goes once nothing holds a handle to it.</summary>
    void Delete(string serviceName);
}

internal enum WindowsStartType
{
    /// <summary>SERVICE_AUTO_START.</summary>
    Automatic = 2,

    /// <summary>SERVICE_DEMAND_START.</summary>
    Manual = 3,
}

/// <summary>What the service control manager does when the service fails: the n-th failure within
/// <see cref="ResetPeriod"/> takes the n-th delay (the last one repeats).</summary>
/// <param name="OnNonCrashFailures">Also when the service stops itself with an error exit code, not only when the
/// process dies; the agent ends with exit code 1 when it cannot run.</param>
internal sealed record WindowsRecovery(TimeSpan ResetPeriod, IReadOnlyList<TimeSpan> RestartDelays, bool OnNonCrashFailures);
