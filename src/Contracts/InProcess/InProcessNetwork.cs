using System.Collections.Concurrent;
using System.Net;

namespace IgdLab.Contracts.InProcess;

/// <summary>
/// A world's in-process network. Devices offer their TCP and UDP services here instead of opening kernel sockets, and a
/// virtual gateway hands each forwarded connection (the real accepted WAN socket) straight to the device, and each
/// forwarded datagram to the device's handler (a UDP session then needs no socket towards the device); the
/// watchdog offers its control endpoint here, and the devices' control channels to it are in-memory connections.
/// Probes and the oracle still cross the kernel once, from the outside world's address to the gateway's WAN port.
/// What is saved is the second loopback connection a user-space relay would open to the device, the device's
/// listening socket and both sockets of every control channel: a world of 10 000 devices fits the 20 000
/// descriptors a process may open here, and a probe costs the world side about a third of a relayed one.
/// </summary>
public sealed class InProcessNetwork : IInProcessNetwork
{
    /// <summary>Where a service offered with port 0 starts looking for a free port (the kernel's ephemeral range).</summary>
    private const int FirstAutomaticPort = 32768;

    private readonly ConcurrentDictionary<IPEndPoint, ConnectionService> _services = new();
    private readonly ConcurrentDictionary<IPEndPoint, DatagramService> _datagramServices = new();
    private readonly Lock _gate = new();

    /// <summary>How many services are offered.</summary>
    public int Count => _services.Count;

    /// <inheritdoc />
    public IPEndPoint Offer(IPAddress address, int port, ConnectionService serve)
    {
        ArgumentNullException.ThrowIfNull(address);
        ArgumentNullException.ThrowIfNull(serve);
        ArgumentOutOfRangeException.ThrowIfNegative(port);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, IPEndPoint.MaxPort);
        lock (_gate)
        {
            if (port != 0)
            {
                var endPoint = new IPEndPoint(address, port);
                return _services.TryAdd(endPoint, serve)
                    ? endPoint
                    : throw new InvalidOperationException($"{endPoint} is already offered on the world's LAN");
            }

            for (var candidate = FirstAutomaticPort; candidate <= IPEndPoint.MaxPort; candidate++)
            {
                var endPoint = new IPEndPoint(address, candidate);
                if (_services.TryAdd(endPoint, serve))
                {
                    return endPoint;
                }
            }

            throw new InvalidOperationException($"no free port left on {address} on the world's LAN");
        }
    }

    /// <inheritdoc />
    public void Withdraw(IPEndPoint endPoint) => _services.TryRemove(endPoint, out _);

    /// <inheritdoc />
    public Stream? TryConnect(IPEndPoint remote, IPEndPoint? local = null)
    {
        if (!_services.TryGetValue(remote, out var handler))
        {
            return null;
        }

        var (client, server) = MemoryConnection.CreatePair(client: local, server: remote);
        _ = ServeAsync(handler, server);
        return client;
    }

    /// <inheritdoc />
    public void OfferDatagrams(IPEndPoint endPoint, DatagramService serve)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        ArgumentNullException.ThrowIfNull(serve);
        ArgumentOutOfRangeException.ThrowIfZero(endPoint.Port);
        if (!_datagramServices.TryAdd(endPoint, serve))
        {
            throw new InvalidOperationException($"UDP {endPoint} is already offered on the world's LAN");
        }
    }

    /// <inheritdoc />
    public void WithdrawDatagrams(IPEndPoint endPoint) => _datagramServices.TryRemove(endPoint, out _);

    /// <inheritdoc />
    public DatagramService? FindDatagrams(IPEndPoint endPoint) =>
        _datagramServices.TryGetValue(endPoint, out var serve) ? serve : null;

    /// <inheritdoc />
    public ConnectionService? FindConnections(IPEndPoint endPoint) =>
        _services.TryGetValue(endPoint, out var handler) ? handler : null;

    private static async Task ServeAsync(ConnectionService handler, Stream server)
    {
        await using (server)
        {
            try
            {
                await Task.Yield();
                await handler(server, CancellationToken.None);
            }
            catch (Exception ex) when (ex is IOException or OperationCanceledException or ObjectDisposedException)
            {
                // The service broke off the connection: the client sees it end.
            }
        }
    }
}
