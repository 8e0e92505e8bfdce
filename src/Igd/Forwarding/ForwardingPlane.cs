using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using IgdLab.Contracts.InProcess;
using IgdLab.Igd.Events;
using IgdLab.Igd.Mapping;
using IgdLab.Igd.Profiles;
using IgdLab.Igd.Upnp;
using Microsoft.Extensions.Logging;

namespace IgdLab.Igd.Forwarding;

/// <summary>
/// The virtual router's forwarding plane. Every enabled, non-zombie mapping is a listener on WAN address:external port
/// (a kernel socket, or an offer on an in-process WAN network) forwarding TCP connections and UDP datagrams to the internal client. It follows the mapping table as an
/// observer, moves with the WAN address, goes down for a reboot and counts the WAN traffic. On a
/// <see cref="ClosedPortBehaviour.Silent"/> router, ports that stop forwarding stay open as silent ports. Behind a
/// carrier-grade NAT (<see cref="WanSide.Cgnat"/>) it opens no port at all.
/// </summary>
/// <remarks>
/// The carrier-grade NAT is modelled here, as a plane that forwards nothing, rather than as a stage that accepts and
/// drops: the WAN port is where outside traffic would enter the router, and behind a carrier's NAT no outside traffic
/// ever gets that far — the carrier holds no mapping, and the router's 100.64.0.0/10 address cannot even be addressed
/// from the Internet. The table, SOAP, NAT-PMP and PCP are untouched (the router grants mappings as before, and a port
/// that another socket holds still fails with 729); only the WAN listeners are never opened, so a connection to the
/// router's (loopback) WAN address and a mapped port is refused and reaches no device.
/// </remarks>
internal sealed partial class ForwardingPlane : IMappingObserver, IAsyncDisposable
{
    private readonly Lock _gate = new();
    private readonly Dictionary<MappingKey, IWanPort> _ports = [];
    private readonly HashSet<Task> _closing = [];
    private readonly ConcurrentDictionary<MappingKey, MappingActivity> _activity = new();
    private readonly ForwardingContext _context;
    private readonly bool _reachableFromWan;
    private IPAddress _wanAddress;
    private HashSet<MappingKey>? _keysBeforeSuspend;
    private bool _disposed;

    /// <summary>Creates a plane with nothing open; the mapping table's callbacks open the ports.</summary>
    /// <param name="wanAddress">The router's WAN address, where mapped ports listen.</param>
    /// <param name="closedPorts">What an outside client sees on a port that does not forward.</param>
    /// <param name="time">The clock for UDP idle timeouts, silent hold times and activity stamps.</param>
    /// <param name="logger">The plane's logger.</param>
    /// <param name="wanSide">Where the WAN side sits; behind a carrier-grade NAT no port opens. The default is <see cref="WanSide.Public"/>.</param>
    /// <param name="udpSessionIdleTimeout">How long a UDP session lives without traffic; the default is 60 s.</param>
    /// <param name="silentHoldTime">How long a silent port holds a connection; the default is 2 minutes.</param>
    /// <param name="handOff">The LAN hosts in this process that take forwarded connections and datagrams directly; null relays all.</param>
    /// <param name="wan">
    /// The in-process network the WAN ports are offered on instead of kernel sockets (a caller in this process then
    /// reaches a mapping in memory); null listens on the kernel. A connection there reaches only LAN hosts on
    /// <paramref name="handOff"/>; one to a host on the kernel is reset.
    /// </param>
    /// <param name="link">The link every caller on <paramref name="wan"/> crosses to reach the ports; null is a perfect link.</param>
    public ForwardingPlane(
        IPAddress wanAddress,
        ClosedPortBehaviour closedPorts,
        TimeProvider time,
        ILogger logger,
        WanSide wanSide = WanSide.Public,
        TimeSpan? udpSessionIdleTimeout = null,
        TimeSpan? silentHoldTime = null,
        IInProcessNetwork? handOff = null,
        IInProcessNetwork? wan = null,
        WanLink? link = null)
    {
        ArgumentNullException.ThrowIfNull(wanAddress);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        var idle = udpSessionIdleTimeout ?? ForwardingDefaults.UdpSessionIdleTimeout;
        var hold = silentHoldTime ?? ForwardingDefaults.SilentHoldTime;
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(idle, TimeSpan.Zero, nameof(udpSessionIdleTimeout));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(hold, TimeSpan.Zero, nameof(silentHoldTime));
        _wanAddress = wanAddress;
        _reachableFromWan = wanSide != WanSide.Cgnat;
        _context = new ForwardingContext
        {
            Time = time,
            Logger = logger,
            Counters = new TrafficCounters(),

            // Nothing reaches a router behind a carrier's NAT, so it has no silent ports either: no port opens at all.
            ClosedPorts = _reachableFromWan ? closedPorts : ClosedPortBehaviour.Refuse,
            UdpSessionIdleTimeout = idle,
            SilentHoldTime = hold,
            HandOff = handOff,
            Wan = wan,
            Link = wan is null ? null : link,
        };
    }

    /// <summary>The WAN address the ports listen on.</summary>
    public IPAddress WanAddress
    {
        get
        {
            lock (_gate)
            {
                return _wanAddress;
            }
        }
    }

    /// <summary>True between <see cref="SuspendAsync"/> and <see cref="ResumeAsync"/>.</summary>
    public bool IsSuspended
    {
        get
        {
            lock (_gate)
            {
                return _keysBeforeSuspend is not null;
            }
        }
    }

    /// <summary>Payload bytes received from outside peers, silent ports included (TotalBytesReceived).</summary>
    public long BytesReceived => _context.Counters.BytesReceived;

    /// <summary>Payload bytes sent to outside peers (TotalBytesSent).</summary>
    public long BytesSent => _context.Counters.BytesSent;

    /// <summary>
    /// Datagrams received from outside peers; for TCP each socket read counts as one packet, an approximation of the
    /// segments on the wire (TotalPacketsReceived).
    /// </summary>
    public long PacketsReceived => _context.Counters.PacketsReceived;

    /// <summary>
    /// Datagrams sent to outside peers; for TCP each socket write counts as one packet, an approximation of the
    /// segments on the wire (TotalPacketsSent).
    /// </summary>
    public long PacketsSent => _context.Counters.PacketsSent;

    /// <summary>Forwarded TCP connections plus UDP sessions open now (held silent connections are not counted).</summary>
    public int ActiveConnections => _context.Counters.ActiveFlows;

    /// <summary>When the mapping at <paramref name="key"/> last forwarded a packet or a new connection; null if never.</summary>
    public DateTimeOffset? LastActivity(MappingKey key) => _activity.TryGetValue(key, out var activity) ? activity.Last : null;

    /// <summary>A monotonically increasing count of packets and connections forwarded for the mapping at <paramref name="key"/>.</summary>
    public long ActivityCount(MappingKey key) => _activity.TryGetValue(key, out var activity) ? activity.Count : 0;

    /// <summary>What listens on the WAN side for <paramref name="key"/> right now.</summary>
    public WanPortState StateOf(MappingKey key)
    {
        lock (_gate)
        {
            return _ports.TryGetValue(key, out var port)
                ? port is IForwarder ? WanPortState.Forwarding : WanPortState.Silent
                : WanPortState.Closed;
        }
    }

    /// <inheritdoc />
    /// <exception cref="UpnpException">729 ConflictWithOtherMechanisms when another socket holds the WAN port.</exception>
    public void OnAdded(PortMapping mapping)
    {
        ArgumentNullException.ThrowIfNull(mapping);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_keysBeforeSuspend is not null)
            {
                // The router is down; ResumeAsync opens the ports of whatever table it comes back with.
                return;
            }

            // A silent port left by an earlier mapping of this key gives way to the new mapping.
            CloseLocked(mapping.Key);
            try
            {
                if (Forwards(mapping))
                {
                    OpenForwarderLocked(mapping);
                }
                else if (_context.ClosedPorts == ClosedPortBehaviour.Silent)
                {
                    OpenSilentPortLocked(mapping.Key);
                }
                else
                {
                    WanPorts.ProbeBind(new IPEndPoint(_wanAddress, mapping.ExternalPort), mapping.Protocol, _context);
                }
            }
            catch (SocketException ex)
            {
                Log.BindFailed(_context.Logger, mapping.Key, _wanAddress, ex.SocketErrorCode);
                throw new UpnpException(UpnpErrorCode.ConflictWithOtherMechanisms);
            }
        }
    }

    /// <inheritdoc />
    public void OnUpdated(PortMapping previous, PortMapping current)
    {
        ArgumentNullException.ThrowIfNull(current);
        lock (_gate)
        {
            if (_disposed || _keysBeforeSuspend is not null)
            {
                return;
            }

            _ports.TryGetValue(current.Key, out var port);
            if (Forwards(current))
            {
                if (port is IForwarder forwarder)
                {
                    if (forwarder.Apply(current))
                    {
                        Log.Retargeted(_context.Logger, current.Key, new IPEndPoint(current.InternalClient, current.InternalPort));
                        WarnIfRemoteHostUnusable(current);
                    }

                    return;
                }

                // Enabled again (or bound late): the table has already committed, so a busy port is logged, not thrown.
                CloseLocked(current.Key);
                TryOpenForwarderLocked(current);
                return;
            }

            if (port is IForwarder)
            {
                CloseLocked(current.Key);
            }

            if (_context.ClosedPorts == ClosedPortBehaviour.Silent && !_ports.ContainsKey(current.Key))
            {
                TryOpenSilentPortLocked(current.Key);
            }
        }
    }

    /// <inheritdoc />
    public void OnRemoved(PortMapping mapping, RemovalReason reason)
    {
        ArgumentNullException.ThrowIfNull(mapping);
        _activity.TryRemove(mapping.Key, out _);
        lock (_gate)
        {
            if (_disposed || _keysBeforeSuspend is not null)
            {
                return;
            }

            var silent = _context.ClosedPorts == ClosedPortBehaviour.Silent;
            if (silent && _ports.TryGetValue(mapping.Key, out var port) && port is not IForwarder)
            {
                // A zombie or disabled mapping's port is silent already; reopening it would reset the held connections.
                return;
            }

            CloseLocked(mapping.Key);
            if (silent)
            {
                TryOpenSilentPortLocked(mapping.Key);
            }
        }
    }

    /// <summary>Whether the plane opens a forwarder for <paramref name="mapping"/>: never behind a carrier-grade NAT.</summary>
    private bool Forwards(PortMapping mapping) => _reachableFromWan && mapping.Enabled && !mapping.Zombie;
}
