namespace BackupHealth.VendorFakes.Xva;

/// <summary>How the whole tar is compressed, as <c>xe vm-export compress=...</c> does.</summary>
public enum XvaArchiveCompression
{
    None,
    Gzip,
    Zstd,
}
