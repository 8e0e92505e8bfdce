using System.Net;
using System.Net.Sockets;

namespace IgdLab.Contracts.InProcess;

/// <summary>Serves one connection in memory; the network closes it when the returned task ends.</summary>
/// <param name="connection">The connection's stream (in memory, or a router's accepted WAN socket handed over).</param>
/// <param name="cancellationToken">Ends the service of this connection.</param>
public delegate Task ConnectionService(Stream connection, CancellationToken cancellationToken);

/// <summary>
/// The network between actors that live in one process (an emulator world's routers, devices and watchdog), in
/// memory: a service is offered at an IP endpoint instead of on a kernel socket, a connection to that endpoint from
/// the same process is a pair of in-memory streams instead of a loopback TCP connection, and a router forwarding to a
/// LAN host offered here hands it the accepted connection or the datagram directly. Addresses stay the actors' own
/// loopback addresses, so what everyone sees of who talks to whom does not change. Endpoints that nothing offers here
/// are reached over the kernel as usual.
/// </summary>
public interface IInProcessNetwork
{
    /// <summary>
    /// Whether every endpoint of the world is here (a world on the simulated network): a connection to an endpoint
    /// nothing offers is then refused in memory, never tried over the kernel, whose addresses the world does not own.
    /// </summary>
    bool IsWholeWorld { get; }

    /// <summary>
    /// Offers <paramref name="serve"/> at <paramref name="address"/>:<paramref name="port"/> (0 picks a free port) and
    /// returns the endpoint. <paramref name="serve"/> gets each connection.
    /// </summary>
    /// <exception cref="InvalidOperationException">The endpoint is already offered.</exception>
    IPEndPoint Offer(IPAddress address, int port, ConnectionService serve);

    /// <summary>Takes the service at <paramref name="endPoint"/> off the network: new connections to it are refused.</summary>
    void Withdraw(IPEndPoint endPoint);

    /// <summary>
    /// A connection in memory to the service offered at <paramref name="remote"/>, already handed to it; null when
    /// nothing is offered there (connect over the kernel instead, or treat it as refused). Both streams implement
    /// <see cref="IConnectionEndPoints"/>: the service's stream tells it <paramref name="local"/> as its remote endpoint.
    /// </summary>
    /// <param name="remote">The offered endpoint to connect to.</param>
    /// <param name="local">The caller's own endpoint, as a socket bound there would show it; null leaves it unknown.</param>
    Stream? TryConnect(IPEndPoint remote, IPEndPoint? local = null);

    /// <summary>The connection service offered at <paramref name="endPoint"/>, or null (a router relays to it over the kernel).</summary>
    ConnectionService? FindConnections(IPEndPoint endPoint);

    /// <summary>
    /// Offers a UDP service at <paramref name="endPoint"/> (port 0 picks a free port) and returns the endpoint:
    /// datagrams sent there in this process go to <paramref name="serve"/> instead of a kernel socket.
    /// </summary>
    /// <exception cref="InvalidOperationException">The endpoint is already offered.</exception>
    IPEndPoint OfferDatagrams(IPEndPoint endPoint, DatagramService serve);

    /// <summary>
    /// Sends <paramref name="datagram"/> from <paramref name="from"/> to the UDP service offered at <paramref name="to"/>
    /// and returns once it has served it; its replies go to whatever is offered at <paramref name="from"/> when they are
    /// sent (lost when nothing is), as a socket's replies go to whoever holds the address then.
    /// </summary>
    /// <returns>False when nothing is offered at <paramref name="to"/>: the datagram is lost, as at a closed port.</returns>
    ValueTask<bool> SendDatagramAsync(IPEndPoint from, IPEndPoint to, ReadOnlyMemory<byte> datagram, CancellationToken cancellationToken);

    /// <summary>Takes the UDP service at <paramref name="endPoint"/> off the network: datagrams to it are lost.</summary>
    void WithdrawDatagrams(IPEndPoint endPoint);

    /// <summary>The UDP service offered at <paramref name="endPoint"/>, or null (a router sends to it over the kernel).</summary>
    DatagramService? FindDatagrams(IPEndPoint endPoint);
}

/// <summary>Connecting to an in-process network the way HTTP clients name their peers.</summary>
public static class InProcessNetworkExtensions
{
    /// <summary>
    /// A connection in memory to the service offered at <paramref name="remote"/> (an IP literal and a port) from
    /// <paramref name="localAddress"/> on a source port of its own; null when the host is a name, or when nothing is
    /// offered there and the network is not the whole world (connect over the kernel then).
    /// </summary>
    /// <exception cref="SocketException">
    /// <see cref="SocketError.ConnectionRefused"/>: nothing is offered there and the network is the whole world
    /// (<see cref="IInProcessNetwork.IsWholeWorld"/>), as a kernel connect to a closed port would fail.
    /// </exception>
    public static Stream? TryConnect(this IInProcessNetwork network, DnsEndPoint remote, IPAddress? localAddress)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(remote);
        if (!IPAddress.TryParse(remote.Host, out var address))
        {
            return null;
        }

        return network.TryConnect(new IPEndPoint(address, remote.Port), EphemeralPorts.On(localAddress))
            ?? (network.IsWholeWorld ? throw new SocketException((int)SocketError.ConnectionRefused) : null);
    }
}
