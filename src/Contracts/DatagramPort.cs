using System.Net;
using System.Net.Sockets;
using IgdLab.Contracts.InProcess;

namespace IgdLab.Contracts;

/// <summary>
/// A bound UDP port of the network in effect (<see cref="NetworkScope"/>): a kernel socket, one of a namespace a host
/// entered, or, in a flow on an in-process network (a world on the simulated network), an
/// <see cref="InProcessDatagramSocket"/> there. For clients that send with SendTo and receive from anyone.
/// </summary>
public abstract class DatagramPort : IDisposable
{
    private DatagramPort()
    {
    }

    /// <summary>The bound endpoint.</summary>
    public abstract IPEndPoint LocalEndPoint { get; }

    /// <summary>Binds <paramref name="local"/> (port 0 picks one) on the network in effect.</summary>
    /// <param name="local">Where to bind.</param>
    /// <param name="reuseAddress">Whether a kernel socket sets SO_REUSEADDR (a well-known port several listeners share).</param>
    public static DatagramPort Bind(IPEndPoint local, bool reuseAddress = false)
    {
        ArgumentNullException.ThrowIfNull(local);
        if (NetworkScope.InProcessNetwork is { } network)
        {
            return new InMemory(InProcessDatagramSocket.Bind(network, local));
        }

        var socket = NetworkScope.CreateSocket(local.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            if (reuseAddress)
            {
                socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            }

            socket.Bind(local);
            return new Kernel(socket);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Sends <paramref name="datagram"/> to <paramref name="destination"/>.</summary>
    public abstract ValueTask SendToAsync(ReadOnlyMemory<byte> datagram, IPEndPoint destination, CancellationToken cancellationToken);

    /// <summary>Waits for the next datagram from anyone; what does not fit <paramref name="buffer"/> is cut off.</summary>
    /// <exception cref="SocketException">A kernel socket reported an error (an earlier send's port unreachable, say).</exception>
    /// <exception cref="ObjectDisposedException">The port is closed.</exception>
    public abstract ValueTask<(int Length, IPEndPoint From)> ReceiveFromAsync(Memory<byte> buffer, CancellationToken cancellationToken);

    /// <inheritdoc />
    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Closes the port.</summary>
    protected abstract void Dispose(bool disposing);

    private sealed class Kernel(Socket socket) : DatagramPort
    {
        private static readonly IPEndPoint Anyone = new(IPAddress.Any, 0);

        public override IPEndPoint LocalEndPoint { get; } = (IPEndPoint)socket.LocalEndPoint!;

        public override async ValueTask SendToAsync(ReadOnlyMemory<byte> datagram, IPEndPoint destination, CancellationToken cancellationToken) =>
            await socket.SendToAsync(datagram, SocketFlags.None, destination, cancellationToken);

        public override async ValueTask<(int Length, IPEndPoint From)> ReceiveFromAsync(Memory<byte> buffer, CancellationToken cancellationToken)
        {
            var received = await socket.ReceiveFromAsync(buffer, SocketFlags.None, Anyone, cancellationToken);
            return (received.ReceivedBytes, (IPEndPoint)received.RemoteEndPoint);
        }

        protected override void Dispose(bool disposing) => socket.Dispose();
    }

    private sealed class InMemory(InProcessDatagramSocket socket) : DatagramPort
    {
        public override IPEndPoint LocalEndPoint => socket.LocalEndPoint;

        public override ValueTask SendToAsync(ReadOnlyMemory<byte> datagram, IPEndPoint destination, CancellationToken cancellationToken) =>
            socket.SendAsync(datagram, destination, cancellationToken);

        public override async ValueTask<(int Length, IPEndPoint From)> ReceiveFromAsync(Memory<byte> buffer, CancellationToken cancellationToken)
        {
            var (length, _, from) = await socket.ReceiveAsync(buffer, cancellationToken);
            return (length, from);
        }

        protected override void Dispose(bool disposing) => socket.Dispose();
    }
}
