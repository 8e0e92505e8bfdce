using System.Net;
using System.Net.Sockets;

namespace IgdLab.Protocols.Pcp;

/// <summary>PCP's 128-bit address fields: IPv6 as is, IPv4 as IPv4-mapped IPv6 (<c>::ffff:a.b.c.d</c>).</summary>
public static class PcpAddress
{
    /// <summary>The 16 bytes of <paramref name="address"/>.</summary>
    public static byte[] ToBytes(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        var bytes = new byte[16];
        Write(address, bytes);
        return bytes;
    }

    /// <summary>Writes <paramref name="address"/> into the 16 bytes of <paramref name="field"/>.</summary>
    public static void Write(IPAddress address, Span<byte> field)
    {
        ArgumentNullException.ThrowIfNull(address);
        var v6 = address.AddressFamily == AddressFamily.InterNetwork ? address.MapToIPv6() : address;
        v6.TryWriteBytes(field[..16], out _);
    }

    /// <summary>The address in the 16 bytes of <paramref name="field"/>, IPv4 when it is IPv4-mapped.</summary>
    public static IPAddress Read(ReadOnlySpan<byte> field)
    {
        var address = new IPAddress(field[..16]);
        return address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
    }
}
