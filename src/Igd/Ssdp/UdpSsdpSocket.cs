using System.Net;
using System.Net.Sockets;

namespace IgdLab.Igd.Ssdp;

/// <summary>A real IPv4 UDP socket for SSDP, unicast on the LAN address or joined to the multicast group.</summary>
internal sealed class UdpSsdpSocket : ISsdpSocket
{
    // SIO_UDP_CONNRESET: without it Windows turns an ICMP port unreachable, caused by a reply to a control point
    // that has gone, into a ConnectionReset on the next receive.
    private const int SioUdpConnectionReset = -1744830452;

    private readonly Socket _socket;

    private UdpSsdpSocket(Socket socket)
    {
        _socket = socket;
        LocalEndPoint = (IPEndPoint)socket.LocalEndPoint!;
    }

    /// <inheritdoc/>
    public IPEndPoint LocalEndPoint { get; }

    /// <summary>A socket bound to <paramref name="lanAddress"/>:<paramref name="port"/> (0 = ephemeral).</summary>
    public static UdpSsdpSocket OpenUnicast(IPAddress lanAddress, int port)
    {
        var socket = Create(lanAddress);
        try
        {
            socket.Bind(new IPEndPoint(lanAddress, port));
            return new UdpSsdpSocket(socket);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>
    /// A socket bound to 0.0.0.0:<paramref name="port"/>, shared with other SSDP listeners, joined to the group on
    /// <paramref name="lanAddress"/> and sending multicast out of it. Joining on the LAN address matters on loopback:
    /// Linux delivers group traffic on <c>lo</c> only to members that joined there.
    /// </summary>
    public static UdpSsdpSocket OpenMulticast(IPAddress lanAddress, int port)
    {
        var socket = Create(lanAddress);
        try
        {
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            socket.Bind(new IPEndPoint(IPAddress.Any, port));
            socket.SetSocketOption(
                SocketOptionLevel.IP,
                SocketOptionName.AddMembership,
                new MulticastOption(SsdpConstants.MulticastGroup, lanAddress));
            socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.MulticastInterface, lanAddress.GetAddressBytes());
            socket.SetSocketOption(
                SocketOptionLevel.IP,
                SocketOptionName.MulticastTimeToLive,
                SsdpResponderLimits.MulticastTimeToLive);
            return new UdpSsdpSocket(socket);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <inheritdoc/>
    public async ValueTask<SsdpReceiveResult> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        var result = await _socket.ReceiveMessageFromAsync(
            buffer,
            SocketFlags.None,
            new IPEndPoint(IPAddress.Any, 0),
            cancellationToken);
        return new SsdpReceiveResult(
            result.ReceivedBytes,
            (result.SocketFlags & SocketFlags.Truncated) != 0,
            (IPEndPoint)result.RemoteEndPoint,
            result.PacketInformation.Address ?? IPAddress.None);
    }

    /// <inheritdoc/>
    public async ValueTask SendAsync(
        ReadOnlyMemory<byte> datagram,
        IPEndPoint destination,
        CancellationToken cancellationToken) =>
        await _socket.SendToAsync(datagram, SocketFlags.None, destination, cancellationToken);

    /// <inheritdoc/>
    public void Dispose() => _socket.Dispose();

    private static Socket Create(IPAddress lanAddress)
    {
        ArgumentNullException.ThrowIfNull(lanAddress);
        if (lanAddress.AddressFamily != AddressFamily.InterNetwork)
        {
            throw new ArgumentException($"SSDP is served on IPv4 only; {lanAddress} is not.", nameof(lanAddress));
        }

        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            // Tells apart searches sent to the group (answered after the MX delay) from unicast ones.
            socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.PacketInformation, true);
            if (OperatingSystem.IsWindows())
            {
                socket.IOControl(SioUdpConnectionReset, [0, 0, 0, 0], null);
            }

            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
