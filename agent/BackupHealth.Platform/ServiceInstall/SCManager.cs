using System.ComponentModel;
using System.Runtime.InteropServices;
using System.Runtime.Versioning;

namespace BackupHealth.ServiceInstall;

/// <summary><see cref="ISCManager"/> on the local service control manager. Every failure is a
/// <see cref="ServiceInstallException"/> naming the call and the Windows error.</summary>
[SupportedOSPlatform("windows")]
internal sealed unsafe class SCManager(TimeProvider timeProvider) : ISCManager
{
    private static readonly TimeSpan StopPollInterval = TimeSpan.FromMilliseconds(250);

    public bool Exists(string serviceName)
    {
        using var manager = OpenManager(Advapi32.ScManagerConnect);
        using var service = Advapi32.OpenService(manager, serviceName, Advapi32.ServiceAllAccess);
        if (!service.IsInvalid)
        {
            return true;
        }

        var error = Marshal.GetLastPInvokeError();
        return error == Advapi32.ErrorServiceDoesNotExist ? false : throw Failure("OpenService", serviceName, error);
    }

    public void Create(string serviceName, string displayName, string commandLine, WindowsStartType startType)
    {
        using var manager = OpenManager(Advapi32.ScManagerConnect | Advapi32.ScManagerCreateService);
        using var service = Advapi32.CreateService(manager, serviceName, displayName, Advapi32.ServiceAllAccess,
            Advapi32.ServiceWin32OwnProcess, (uint)startType, Advapi32.ServiceErrorNormal, commandLine,
            loadOrderGroup: null, tagId: 0, dependencies: null, serviceStartName: null, password: null);
        if (service.IsInvalid)
        {
            throw Failure("CreateService", serviceName, Marshal.GetLastPInvokeError());
        }
    }

    public void Update(string serviceName, string displayName, string commandLine, WindowsStartType startType) =>
        WithService(serviceName, "ChangeServiceConfig", service => Advapi32.ChangeServiceConfig(service,
            Advapi32.ServiceWin32OwnProcess, (uint)startType, Advapi32.ServiceErrorNormal, commandLine,
            loadOrderGroup: null, tagId: 0, dependencies: null, serviceStartName: null, password: null, displayName));

    public void SetDescription(string serviceName, string description) =>
        WithService(serviceName, "ChangeServiceConfig2(description)", service =>
        {
            fixed (char* text = description)
            {
                var info = new Advapi32.ServiceDescription { Description = text };
                return Advapi32.ChangeServiceConfig2(service, Advapi32.ServiceConfigDescription, &info);
            }
        });

    public void SetDelayedAutoStart(string serviceName, bool delayed) =>
        WithService(serviceName, "ChangeServiceConfig2(delayed start)", service =>
        {
            var info = new Advapi32.ServiceFlag { Value = delayed ? 1 : 0 };
            return Advapi32.ChangeServiceConfig2(service, Advapi32.ServiceConfigDelayedAutoStartInfo, &info);
        });

    public void SetRecovery(string serviceName, WindowsRecovery recovery)
    {
        ArgumentNullException.ThrowIfNull(recovery);
        var actions = recovery.RestartDelays
            .Select(d => new Advapi32.ScAction { Type = Advapi32.ScActionRestart, DelayMilliseconds = (uint)d.TotalMilliseconds })
            .ToArray();
        WithService(serviceName, "ChangeServiceConfig2(failure actions)", service =>
        {
            fixed (Advapi32.ScAction* first = actions)
            {
                var info = new Advapi32.ServiceFailureActions
                {
                    ResetPeriodSeconds = (uint)recovery.ResetPeriod.TotalSeconds,
                    ActionCount = (uint)actions.Length,
                    Actions = first,
                };
                return Advapi32.ChangeServiceConfig2(service, Advapi32.ServiceConfigFailureActions, &info);
            }
        });
        WithService(serviceName, "ChangeServiceConfig2(failure actions flag)", service =>
        {
            var flag = new Advapi32.ServiceFlag { Value = recovery.OnNonCrashFailures ? 1 : 0 };
            return Advapi32.ChangeServiceConfig2(service, Advapi32.ServiceConfigFailureActionsFlag, &flag);
        });
    }

    public void Start(string serviceName) =>
        WithService(serviceName, "StartService", service =>
            Advapi32.StartService(service, 0, 0) || Marshal.GetLastPInvokeError() == Advapi32.ErrorServiceAlreadyRunning);

    public void Stop(string serviceName, TimeSpan timeout) =>
        WithService(serviceName, "ControlService(stop)", service =>
        {
            if (!Advapi32.ControlService(service, Advapi32.ServiceControlStop, out var status))
            {
                return Marshal.GetLastPInvokeError() == Advapi32.ErrorServiceNotActive;
            }

            // Stopping is asynchronous; deleting or re-pointing a running service would leave the old one running.
            var deadline = timeProvider.GetUtcNow() + timeout;
            while (status.CurrentState != Advapi32.ServiceStopped)
            {
                if (timeProvider.GetUtcNow() > deadline)
                {
                    throw new ServiceInstallException($"{serviceName} did not stop within {timeout.TotalSeconds:0} s");
                }

                // The service manager has no completion to wait for here: poll its status, waiting through the clock.
                Task.Delay(StopPollInterval, timeProvider).GetAwaiter().GetResult();
                if (!Advapi32.QueryServiceStatus(service, out status))
                {
                    return false;
                }
            }

            return true;
        });

    public void Delete(string serviceName) =>
        WithService(serviceName, "DeleteService", Advapi32.DeleteService);

    private static ServiceHandle OpenManager(uint access)
    {
        var manager = Advapi32.OpenSCManager(null, null, access);
        if (manager.IsInvalid)
        {
            var error = Marshal.GetLastPInvokeError();
            manager.Dispose();
            throw new ServiceInstallException($"cannot open the service control manager: {new Win32Exception(error).Message} (run as Administrator)");
        }

        return manager;
    }

    private static void WithService(string serviceName, string call, Func<ServiceHandle, bool> action)
    {
        using var manager = OpenManager(Advapi32.ScManagerConnect);
        using var service = Advapi32.OpenService(manager, serviceName, Advapi32.ServiceAllAccess);
        if (service.IsInvalid)
        {
            throw Failure("OpenService", serviceName, Marshal.GetLastPInvokeError());
        }

        if (!action(service))
        {
            throw Failure(call, serviceName, Marshal.GetLastPInvokeError());
        }
    }

    private static ServiceInstallException Failure(string call, string serviceName, int error) =>
        new($"{call} {serviceName}: {new Win32Exception(error).Message} (error {error})");
}
