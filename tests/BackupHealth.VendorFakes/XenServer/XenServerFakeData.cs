namespace BackupHealth.VendorFakes.XenServer;

/// <summary>A VM record of the fake pool. Snapshots are VMs too (<see cref="IsASnapshot"/>, <see cref="SnapshotOf"/>
/// = the parent's uuid); the fake fills the parent's <c>snapshots</c> list and turns uuids into refs.</summary>
public sealed record XenFakeVm
{
    public string Uuid { get; init; } = Guid.NewGuid().ToString();
    public string NameLabel { get; init; } = "";
    public string PowerState { get; init; } = "Running";
    public bool IsATemplate { get; init; }
    public bool IsASnapshot { get; init; }
    public bool IsControlDomain { get; init; }
    public string? SnapshotOf { get; init; }

    /// <summary>XAPI datetime text, e.g. <c>20261127T02:14:00Z</c>; XAPI's "unset" epoch when null.</summary>
    public string? SnapshotTime { get; init; }

    public string Ref => "OpaqueRef:" + Uuid;

    public static XenFakeVm Guest(string name, string powerState = "Running") => new() { NameLabel = name, PowerState = powerState };

    public static XenFakeVm SnapshotOfVm(XenFakeVm parent, DateTimeOffset taken, string? name = null) => new()
    {
        NameLabel = name ?? parent.NameLabel + " snapshot",
        PowerState = "Halted",
        IsASnapshot = true,
        SnapshotOf = parent.Uuid,
        SnapshotTime = XenFakeTask.Time(taken),
    };
}

/// <summary>A task record of the fake pool.</summary>
public sealed record XenFakeTask
{
    public string Uuid { get; init; } = Guid.NewGuid().ToString();
    public string NameLabel { get; init; } = "";

    /// <summary>pending, success, failure, cancelling, cancelled — or anything a test wants to try.</summary>
    public string Status { get; init; } = "pending";
    public double Progress { get; init; }
    public string Created { get; init; } = "19700101T00:00:00Z";
    public string Finished { get; init; } = "19700101T00:00:00Z";
    public IReadOnlyList<string> ErrorInfo { get; init; } = [];
    public string Result { get; init; } = "";
    public IReadOnlyDictionary<string, string> OtherConfig { get; init; } = new Dictionary<string, string>();

    public string Ref => "OpaqueRef:" + Uuid;

    /// <summary>The task <c>xe vm-export vm=&lt;uuid&gt;</c> creates.</summary>
    public static XenFakeTask Export(XenFakeVm vm, string status, DateTimeOffset created, DateTimeOffset? finished = null, double progress = 1.0, params string[] errorInfo) => new()
    {
        NameLabel = "Export of VM: " + vm.Uuid,
        Status = status,
        Progress = progress,
        Created = Time(created),
        Finished = finished is { } f ? Time(f) : "19700101T00:00:00Z",
        ErrorInfo = errorInfo,
    };

    /// <summary>XAPI's datetime text: <c>yyyyMMddTHH:mm:ssZ</c> in UTC.</summary>
    public static string Time(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyyMMdd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
}
