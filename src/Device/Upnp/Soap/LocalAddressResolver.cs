using System.Net;
using System.Net.Sockets;
using IgdLab.Contracts;

namespace IgdLab.Device.Upnp.Soap;

/// <summary>Finds the address this host uses towards a router: the one a mapping should point at by default.</summary>
internal static class LocalAddressResolver
{
    /// <summary><paramref name="configured"/> when set, else the local address of the route to <paramref name="controlUrl"/>'s host.</summary>
    /// <exception cref="InvalidOperationException">The control URL names a host, not an address, and no address is configured.</exception>
    public static IPAddress Resolve(Uri controlUrl, IPAddress? configured)
    {
        if (configured is not null)
        {
            return configured;
        }

        if (controlUrl.HostNameType is not (UriHostNameType.IPv4 or UriHostNameType.IPv6)
            || !IPAddress.TryParse(controlUrl.DnsSafeHost, out var remote))
        {
            throw new InvalidOperationException(
                $"cannot tell this device's address towards {controlUrl.Host}; set MappingRequest.InternalClient or UpnpClientOptions.LocalAddress");
        }

        // Connecting a UDP socket sends nothing: it only asks the routing table which local address would be used.
        using var probe = NetworkScope.CreateSocket(remote.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        probe.Connect(remote, controlUrl.Port);
        return ((IPEndPoint)probe.LocalEndPoint!).Address;
    }
}
