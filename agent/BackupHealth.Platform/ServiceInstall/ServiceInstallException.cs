namespace BackupHealth.ServiceInstall;

/// <summary>Install or uninstall cannot go on; the message says why in one line for the person at the console.</summary>
internal sealed class ServiceInstallException : Exception
{
    public ServiceInstallException()
    {
    }

    public ServiceInstallException(string message)
        : base(message)
    {
    }

    public ServiceInstallException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
