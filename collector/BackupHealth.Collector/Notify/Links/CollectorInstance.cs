using System.Security.Cryptography;
using BackupHealth.Collector.Store;

namespace BackupHealth.Collector.Notify.Links;

/// <summary>This collector's own id, made at the first use and kept with its data (<see cref="IInstanceStore"/>):
/// 12 lowercase hex digits. Webhook alert keys carry it (<c>bh-&lt;instance&gt;-&lt;alert id&gt;</c>), so alerts of two
/// collectors reporting into one ticketing system never share a key.</summary>
internal sealed class CollectorInstance(IInstanceStore store)
{
    private readonly Lock _lock = new();
    private Task<string>? _id;

    /// <summary>The id; asks the store once (again after a failed try).</summary>
    public Task<string> IdAsync()
    {
        lock (_lock)
        {
            if (_id is null || _id.IsFaulted || _id.IsCanceled)
            {
                _id = store.InstanceIdAsync(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6)));
            }

            return _id;
        }
    }
}
