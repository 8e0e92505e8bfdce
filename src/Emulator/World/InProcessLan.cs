using System.Collections.Concurrent;
using System.Net;
using IgdLab.Device.Endpoint;
using IgdLab.Igd.Forwarding;

namespace IgdLab.Emulator.World;

/// <summary>
/// The LAN side of a world's virtual gateways, in memory: devices offer their TCP services here instead of opening
/// kernel listeners, and a gateway hands each forwarded connection (the real accepted WAN socket) straight to the
/// device. Probes and the oracle still cross the kernel once, from the outside world's address to the gateway's
/// WAN port; the second loopback connection a user-space relay would open to the device, and the device's listening
/// socket, are saved: a world of 10 000 devices fits the process's descriptors and the probe costs about half.
/// </summary>
internal sealed class InProcessLan : IInProcessLan, ILanHandOff
{
    /// <summary>Where a service offered with port 0 starts looking for a free port (the kernel's ephemeral range).</summary>
    private const int FirstAutomaticPort = 32768;

    private readonly ConcurrentDictionary<IPEndPoint, LanConnectionHandler> _services = new();
    private readonly Lock _gate = new();

    /// <summary>How many services are offered.</summary>
    public int Count => _services.Count;

    /// <inheritdoc />
    public IPEndPoint Offer(IPAddress address, int port, Func<Stream, CancellationToken, Task> serve)
    {
        ArgumentNullException.ThrowIfNull(address);
        ArgumentNullException.ThrowIfNull(serve);
        ArgumentOutOfRangeException.ThrowIfNegative(port);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, IPEndPoint.MaxPort);
        var handler = new LanConnectionHandler(serve);
        lock (_gate)
        {
            if (port != 0)
            {
                var endPoint = new IPEndPoint(address, port);
                return _services.TryAdd(endPoint, handler)
                    ? endPoint
                    : throw new InvalidOperationException($"{endPoint} is already offered on the world's LAN");
            }

            for (var candidate = FirstAutomaticPort; candidate <= IPEndPoint.MaxPort; candidate++)
            {
                var endPoint = new IPEndPoint(address, candidate);
                if (_services.TryAdd(endPoint, handler))
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
    public LanConnectionHandler? Find(IPEndPoint internalEndPoint) =>
        _services.TryGetValue(internalEndPoint, out var handler) ? handler : null;
}
