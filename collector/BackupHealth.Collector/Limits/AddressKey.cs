using System.Net;
using System.Net.Sockets;

namespace BackupHealth.Collector.Limits;

/// <summary>The "source address" the per-address limits count by. An IPv4 address as itself (also when it arrives
/// mapped into IPv6); an IPv6 address by its /64, because one host usually holds a whole /64 and could otherwise step
/// to a fresh address for every attempt.</summary>
internal static class AddressKey
{
    public const string Unknown = "unknown";

    public static string Of(IPAddress? address)
    {
        if (address is null)
        {
            return Unknown;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }
}
