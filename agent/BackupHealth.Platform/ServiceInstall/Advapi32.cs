using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using Microsoft.Win32.SafeHandles;

namespace BackupHealth.ServiceInstall;

/// <summary>The service control manager functions of advapi32, with source-generated marshalling (no reflection,
/// so the NativeAOT agent carries them without trimming warnings).</summary>
[SupportedOSPlatform("windows")]
internal static unsafe partial class Advapi32
{
    public const uint ScManagerConnect = 0x0001;
    public const uint ScManagerCreateService = 0x0002;
    public const uint ServiceAllAccess = 0xF01FF;
    public const uint ServiceWin32OwnProcess = 0x10;
    public const uint ServiceErrorNormal = 1;
    public const uint ServiceNoChange = 0xFFFFFFFF;
    public const uint ServiceConfigDescription = 1;
    public const uint ServiceConfigFailureActions = 2;
    public const uint ServiceConfigDelayedAutoStartInfo = 3;
    public const uint ServiceConfigFailureActionsFlag = 4;
    public const uint ServiceControlStop = 1;
    public const uint ServiceStopped = 1;
    public const int ScActionRestart = 1;
    public const int ErrorServiceDoesNotExist = 1060;
    public const int ErrorServiceNotActive = 1062;
    public const int ErrorServiceAlreadyRunning = 1056;

    private const string Library = "advapi32.dll";

    [LibraryImport(Library, EntryPoint = "OpenSCManagerW", SetLastError = true, StringMarshalling = StringMarshalling.Utf16)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.System32)]
    public static partial ServiceHandle OpenSCManager(string? machineName, string? databaseName, uint desiredAccess);

    [LibraryImport(Library, EntryPoint = "OpenServiceW", SetLastError = true, StringMarshalling = StringMarshalling.Utf16)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.System32)]
    public static partial ServiceHandle OpenService(ServiceHandle manager, string serviceName, uint desiredAccess);

    [LibraryImport(Library, EntryPoint = "CreateServiceW", SetLastError = true, StringMarshalling = StringMarshalling.Utf16)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.System32)]
    public static partial ServiceHandle CreateService(
        ServiceHandle manager, string serviceName, string displayName, uint desiredAccess, uint serviceType, uint startType,
        uint errorControl, string binaryPathName, string? loadOrderGroup, nint tagId, string? dependencies,
        string? serviceStartName, string? password);

    [LibraryImport(Library, EntryPoint = "ChangeServiceConfigW", SetLastError = true, StringMarshalling = StringMarshalling.Utf16)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.System32)]
    [return: MarshalAs(UnmanagedType.Bool)]
    public static partial bool ChangeServiceConfig(
        ServiceHandle service, uint serviceType, uint startType, uint errorControl, string? binaryPathName,
        string? loadOrderGroup, nint tagId, string? dependencies, string? serviceStartName, string? password, string? displayName);

    [LibraryImport(Library, EntryPoint = "ChangeServiceConfig2W", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.System32)]
    [return: MarshalAs(UnmanagedType.Bool)]
    public static partial bool ChangeServiceConfig2(ServiceHandle service, uint infoLevel, void* info);

    [LibraryImport(Library, EntryPoint = "StartServiceW", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.System32)]
    [return: MarshalAs(UnmanagedType.Bool)]
    public static partial bool StartService(ServiceHandle service, uint argumentCount, nint arguments);

    [LibraryImport(Library, SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.System32)]
    [return: MarshalAs(UnmanagedType.Bool)]
    public static partial bool ControlService(ServiceHandle service, uint control, out ServiceStatus status);

    [LibraryImport(Library, SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.System32)]
    [return: MarshalAs(UnmanagedType.Bool)]
    public static partial bool QueryServiceStatus(ServiceHandle service, out ServiceStatus status);

    [LibraryImport(Library, SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.System32)]
    [return: MarshalAs(UnmanagedType.Bool)]
    public static partial bool DeleteService(ServiceHandle service);

    [LibraryImport(Library, SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.System32)]
    [return: MarshalAs(UnmanagedType.Bool)]
    public static partial bool CloseServiceHandle(nint handle);

    /// <summary>SERVICE_STATUS.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct ServiceStatus
    {
        public uint ServiceType;
        public uint CurrentState;
        public uint ControlsAccepted;
        public uint Win32ExitCode;
        public uint ServiceSpecificExitCode;
        public uint CheckPoint;
        public uint WaitHint;
    }

    /// <summary>SERVICE_DESCRIPTIONW.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct ServiceDescription
    {
        public char* Description;
    }

    /// <summary>SERVICE_DELAYED_AUTO_START_INFO and SERVICE_FAILURE_ACTIONS_FLAG: one BOOL each.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct ServiceFlag
    {
        public int Value;
    }

    /// <summary>SERVICE_FAILURE_ACTIONSW.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct ServiceFailureActions
    {
        public uint ResetPeriodSeconds;
        public char* RebootMessage;
        public char* Command;
        public uint ActionCount;
        public ScAction* Actions;
    }

    /// <summary>SC_ACTION.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct ScAction
    {
        public int Type;
        public uint DelayMilliseconds;
    }
}

/// <summary>An SC_HANDLE, closed with CloseServiceHandle.</summary>
[SupportedOSPlatform("windows")]
internal sealed class ServiceHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public ServiceHandle()
        : base(ownsHandle: true)
    {
    }

    protected override bool ReleaseHandle() => Advapi32.CloseServiceHandle(handle);
}
