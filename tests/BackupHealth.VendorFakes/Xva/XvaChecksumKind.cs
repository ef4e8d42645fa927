namespace BackupHealth.VendorFakes.Xva;

/// <summary>Which checksum member follows each chunk.</summary>
public enum XvaChecksumKind
{
    /// <summary><c>.xxhash</c>: XXH64, 16 upper-case hex digits (xapi's default since 2019).</summary>
    XxHash,

    /// <summary><c>.checksum</c>: SHA-1, 40 lower-case hex digits (older exports, xva-img).</summary>
    Sha1,
}
