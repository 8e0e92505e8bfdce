using IgdLab.Contracts.InProcess;
using IgdLab.Igd.Profiles;
using Microsoft.Extensions.Logging;

namespace IgdLab.Igd.Forwarding;

/// <summary>What every listener, relay and session of one forwarding plane shares.</summary>
internal sealed class ForwardingContext
{
    /// <summary>The clock for idle timeouts, hold times and activity stamps.</summary>
    public required TimeProvider Time { get; init; }

    /// <summary>The plane's logger.</summary>
    public required ILogger Logger { get; init; }

    /// <summary>The WAN interface counters.</summary>
    public required TrafficCounters Counters { get; init; }

    /// <summary>What an outside client sees on a port that does not forward.</summary>
    public required ClosedPortBehaviour ClosedPorts { get; init; }

    /// <summary>How long a UDP session lives without traffic.</summary>
    public required TimeSpan UdpSessionIdleTimeout { get; init; }

    /// <summary>How long a silent port holds a connection.</summary>
    public required TimeSpan SilentHoldTime { get; init; }

    /// <summary>The LAN hosts in this process that take forwarded connections and datagrams directly; null relays everything.</summary>
    public IInProcessNetwork? HandOff { get; init; }

    /// <summary>
    /// The in-process network the WAN ports are offered on instead of kernel sockets; null listens on the kernel.
    /// </summary>
    public IInProcessNetwork? Wan { get; init; }

    /// <summary>
    /// The WAN link the in-process WAN ports are reached through (latency, jitter, loss, partitions); null on the kernel.
    /// </summary>
    public WanLink? Link { get; init; }

    /// <summary>How long a connect to the internal client may take.</summary>
    public TimeSpan InternalConnectTimeout { get; init; } = ForwardingDefaults.InternalConnectTimeout;
}
