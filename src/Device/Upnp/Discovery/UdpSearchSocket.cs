using System.Net;
using System.Net.Sockets;
using IgdLab.Contracts;

namespace IgdLab.Device.Upnp.Discovery;

/// <summary>A real IPv4 UDP socket for one search.</summary>
internal sealed class UdpSearchSocket : ISsdpSearchSocket
{
    // SIO_UDP_CONNRESET: without it Windows reports an ICMP port unreachable for a search as a failed receive.
    private const int SioUdpConnectionReset = -1744830452;

    private UdpSearchSocket(Socket socket)
    {
        Socket = socket;
        LocalEndPoint = (IPEndPoint)socket.LocalEndPoint!;
    }

    /// <inheritdoc/>
    public IPEndPoint LocalEndPoint { get; }

    /// <summary>The socket, for tests that read its options back.</summary>
    internal Socket Socket { get; }

    /// <summary>Opens a socket as <see cref="ISsdpSearchSocketFactory.Open"/> describes.</summary>
    public static UdpSearchSocket Open(IPAddress localAddress, bool multicast, int multicastTimeToLive)
    {
        ArgumentNullException.ThrowIfNull(localAddress);
        if (localAddress.AddressFamily != AddressFamily.InterNetwork)
        {
            throw new ArgumentException($"SSDP discovery runs on IPv4 only; {localAddress} is not.", nameof(localAddress));
        }

        var socket = NetworkScope.CreateSocket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            if (OperatingSystem.IsWindows())
            {
                socket.IOControl(SioUdpConnectionReset, [0, 0, 0, 0], null);
            }

            socket.Bind(new IPEndPoint(localAddress, 0));
            if (multicast)
            {
                // Without an explicit interface the kernel picks one by route, which on a multi-homed host (or on
                // loopback inside a namespace) is not the device's own.
                if (!localAddress.Equals(IPAddress.Any))
                {
                    socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.MulticastInterface, localAddress.GetAddressBytes());
                }

                socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.MulticastTimeToLive, multicastTimeToLive);

                // A virtual router on the same host hears the search only through multicast loopback.
                socket.MulticastLoopback = true;
            }

            return new UdpSearchSocket(socket);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <inheritdoc/>
    public async ValueTask SendAsync(ReadOnlyMemory<byte> datagram, IPEndPoint destination, CancellationToken cancellationToken) =>
        await Socket.SendToAsync(datagram, SocketFlags.None, destination, cancellationToken);

    /// <inheritdoc/>
    public async ValueTask<SsdpDatagram> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        var result = await Socket.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), cancellationToken);
        return new SsdpDatagram(result.ReceivedBytes, (IPEndPoint)result.RemoteEndPoint);
    }

    /// <inheritdoc/>
    public void Dispose() => Socket.Dispose();
}
