using System.Net;
using System.Net.Sockets;
using IgdLab.Igd.Mapping;

namespace IgdLab.Igd.Forwarding;

/// <summary>How the forwarding plane opens, binds and tears down its sockets.</summary>
internal static class WanSockets
{
    // Linux values of SOL_SOCKET and SO_REUSEADDR. Socket.ReuseAddress is not used: on Unix .NET also sets
    // SO_REUSEPORT with it, which would let two listeners share a port and hide a real bind conflict.
    private const int SolSocket = 1;
    private const int SoReuseAddr = 2;

    /// <summary>A TCP listener on <paramref name="endPoint"/>; throws <see cref="SocketException"/> when the port is taken.</summary>
    public static Socket ListenTcp(IPEndPoint endPoint)
    {
        var socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            AllowRebindOverClosedConnections(socket);
            socket.Bind(endPoint);
            socket.Listen(ForwardingDefaults.ListenBacklog);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>A UDP socket bound to <paramref name="endPoint"/>; throws <see cref="SocketException"/> when the port is taken.</summary>
    public static Socket BindUdp(IPEndPoint endPoint)
    {
        var socket = new Socket(endPoint.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            socket.Bind(endPoint);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Binds and releases <paramref name="endPoint"/> to find out whether another socket holds it.</summary>
    public static void ProbeBind(IPEndPoint endPoint, MappingProtocol protocol)
    {
        if (protocol == MappingProtocol.Udp)
        {
            BindUdp(endPoint).Dispose();
            return;
        }

        using var socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        AllowRebindOverClosedConnections(socket);
        socket.Bind(endPoint);
    }

    /// <summary>
    /// A socket towards the internal client. When the outside peer has a loopback address the socket takes it as its
    /// source (all of 127.0.0.0/8 is local on Linux), so the device sees who is really calling, as behind a real NAT.
    /// </summary>
    public static Socket TowardsInternal(SocketType type, IPAddress peer, IPEndPoint target)
    {
        var protocol = type == SocketType.Stream ? ProtocolType.Tcp : ProtocolType.Udp;
        var socket = new Socket(target.AddressFamily, type, protocol);
        if (IPAddress.IsLoopback(peer) && peer.AddressFamily == target.AddressFamily)
        {
            try
            {
                socket.Bind(new IPEndPoint(peer, 0));
            }
            catch (SocketException)
            {
                // Not every system makes all of 127/8 local (macOS); the device then sees the router's address.
            }
        }

        return socket;
    }

    /// <summary>
    /// Whether this host can listen on <paramref name="address"/>: binds a TCP socket to port 0 there and closes it.
    /// Binding sends nothing; it fails for an address that is not the host's own.
    /// </summary>
    public static bool CanBind(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        using var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.Bind(new IPEndPoint(address, 0));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>The wildcard endpoint of <paramref name="address"/>'s family, for ReceiveFrom.</summary>
    public static IPEndPoint AnyEndPoint(IPAddress address) =>
        new(address.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);

    /// <summary>Closes <paramref name="socket"/> with a TCP reset, so the other side learns at once.</summary>
    public static void Reset(Socket? socket)
    {
        if (socket is null)
        {
            return;
        }

        try
        {
            socket.LingerState = new LingerOption(true, 0);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // Already closed or never connected: disposing is all that is left.
        }

        socket.Dispose();
    }

    private static void AllowRebindOverClosedConnections(Socket socket)
    {
        // Without SO_REUSEADDR a port whose connections linger in TIME_WAIT cannot be mapped again for a minute.
        // Linux still refuses the bind while any other socket listens on the same address and port. .NET's Bind sets
        // it for TCP on Unix today; setting it here keeps remapping working without relying on that detail.
        if (OperatingSystem.IsLinux())
        {
            socket.SetRawSocketOption(SolSocket, SoReuseAddr, BitConverter.GetBytes(1));
        }
    }
}
