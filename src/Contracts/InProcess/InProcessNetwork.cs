using System.Collections.Concurrent;
using System.Net;

namespace IgdLab.Contracts.InProcess;

/// <summary>
/// A world's in-process network. Devices offer their TCP and UDP services here instead of opening kernel sockets, and a
/// virtual gateway hands each forwarded connection to the device, and each forwarded datagram to the device's handler
/// (a UDP session then needs no socket towards the device); the watchdog offers its control endpoint here, and the
/// devices' control channels to it are in-memory connections. That is every world's LAN side: a world of 10,000
/// devices fits the 20,000 descriptors a process may open here. A world on the simulated network
/// (<c>network: simulated</c>) puts the rest here too: the gateways' WAN ports, which the watchdog's probes and the
/// oracle's checks reach in memory, the gateways' HTTP (descriptions, SOAP, GENA subscriptions) and the devices' GENA
/// callback servers. Addresses stay the actors' own loopback addresses, so who talks to whom looks the same.
/// </summary>
public sealed class InProcessNetwork : IInProcessNetwork
{
    /// <summary>The ports a service offered with port 0 gets, as the kernel's ephemeral range.</summary>
    private const int FirstAutomaticPort = 32768;
    private const int LastAutomaticPort = 60999;

    private readonly ConcurrentDictionary<IPEndPoint, ConnectionService> _services = new();
    private readonly ConcurrentDictionary<IPEndPoint, DatagramService> _datagramServices = new();
    private readonly Lock _gate = new();
    // Where the search for the next free automatic port starts: each search goes on from the last port given, so
    // short-lived endpoints (a probe's source port) do not scan the ports that long-lived ones hold.
    private int _nextPort = FirstAutomaticPort;

    /// <summary>A network beside the kernel's (<paramref name="wholeWorld"/> false) or holding the whole world.</summary>
    /// <param name="wholeWorld">See <see cref="IsWholeWorld"/>: true for a world on the simulated network.</param>
    public InProcessNetwork(bool wholeWorld = false) => IsWholeWorld = wholeWorld;

    /// <inheritdoc />
    public bool IsWholeWorld { get; }

    /// <summary>How many services are offered.</summary>
    public int Count => _services.Count;

    /// <inheritdoc />
    public IPEndPoint Offer(IPAddress address, int port, ConnectionService serve)
    {
        ArgumentNullException.ThrowIfNull(address);
        ArgumentNullException.ThrowIfNull(serve);
        ArgumentOutOfRangeException.ThrowIfNegative(port);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, IPEndPoint.MaxPort);
        return Add(_services, port == 0 ? null : new IPEndPoint(address, port), address, serve)
            ?? throw new InvalidOperationException($"{address}:{port} is already offered on the world's network");
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
    public IPEndPoint OfferDatagrams(IPEndPoint endPoint, DatagramService serve)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        ArgumentNullException.ThrowIfNull(serve);
        return Add(_datagramServices, endPoint.Port == 0 ? null : endPoint, endPoint.Address, serve)
            ?? throw new InvalidOperationException($"UDP {endPoint} is already offered on the world's network");
    }

    /// <inheritdoc />
    public async ValueTask<bool> SendDatagramAsync(IPEndPoint from, IPEndPoint to, ReadOnlyMemory<byte> datagram, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        if (FindDatagrams(to) is not { } serve)
        {
            return false;
        }

        await serve(from, datagram, (reply, token) => FindDatagrams(from) is { } back ? back(to, reply, NoReply, token) : ValueTask.CompletedTask, cancellationToken);
        return true;
    }

    /// <inheritdoc />
    public void WithdrawDatagrams(IPEndPoint endPoint) => _datagramServices.TryRemove(endPoint, out _);

    /// <inheritdoc />
    public DatagramService? FindDatagrams(IPEndPoint endPoint) =>
        _datagramServices.TryGetValue(endPoint, out var serve) ? serve : null;

    /// <inheritdoc />
    public ConnectionService? FindConnections(IPEndPoint endPoint) =>
        _services.TryGetValue(endPoint, out var handler) ? handler : null;

    // A reply to a reply goes nowhere: the original sender answers through its own socket or SendDatagramAsync.
    private static ValueTask NoReply(ReadOnlyMemory<byte> datagram, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    /// <summary>
    /// Adds <paramref name="serve"/> at <paramref name="endPoint"/>, or (null) at a free automatic port of
    /// <paramref name="address"/>, going on from the last port given; null when the given endpoint is taken.
    /// </summary>
    private IPEndPoint? Add<T>(ConcurrentDictionary<IPEndPoint, T> services, IPEndPoint? endPoint, IPAddress address, T serve)
    {
        if (endPoint is not null)
        {
            return services.TryAdd(endPoint, serve) ? endPoint : null;
        }

        lock (_gate)
        {
            for (var tried = 0; tried <= LastAutomaticPort - FirstAutomaticPort; tried++)
            {
                var candidate = new IPEndPoint(address, _nextPort);
                _nextPort = _nextPort == LastAutomaticPort ? FirstAutomaticPort : _nextPort + 1;
                if (services.TryAdd(candidate, serve))
                {
                    return candidate;
                }
            }
        }

        throw new InvalidOperationException($"no free port left on {address} on the world's network");
    }

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
