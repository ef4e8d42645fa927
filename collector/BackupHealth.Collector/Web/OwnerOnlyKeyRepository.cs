using System.Xml.Linq;
using BackupHealth.FilesAtRest;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.Logging;

namespace BackupHealth.Collector.Web;

/// <summary>The keys of sign-in cookies and forms in <c>DataPath/keys</c>. The framework's repository writes each key
/// file 0600 but makes the folder with the umask's mode; this one makes it 0700 first (<see cref="OwnerOnly"/>), and
/// only when keys are read or stored, so a command that never touches them leaves the data path as it was.</summary>
internal sealed class OwnerOnlyKeyRepository(DirectoryInfo directory, ILoggerFactory loggers) : FileSystemXmlRepository(directory, loggers)
{
    public override IReadOnlyCollection<XElement> GetAllElements()
    {
        OwnerOnly.CreateFolder(Directory.FullName);
        return base.GetAllElements();
    }

    public override void StoreElement(XElement element, string friendlyName)
    {
        OwnerOnly.CreateFolder(Directory.FullName);
        base.StoreElement(element, friendlyName);
    }
}
