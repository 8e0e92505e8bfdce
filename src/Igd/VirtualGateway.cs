using System.Globalization;
using System.Net;
using IgdLab.Igd.Description;
using IgdLab.Igd.Events;
using IgdLab.Igd.Faults;
using IgdLab.Igd.Forwarding;
using IgdLab.Igd.Gena;
using IgdLab.Igd.Mapping;
using IgdLab.Igd.PortControl;
using IgdLab.Igd.Profiles;
using IgdLab.Igd.Router;
using IgdLab.Igd.Soap;
using IgdLab.Igd.Ssdp;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace IgdLab.Igd;

/// <summary>
/// One virtual Internet Gateway Device on loopback: SSDP responder, descriptions, SOAP control, GENA eventing, the
/// mapping table and the forwarding plane, with fault controls. Every state change is published on <see cref="Events"/>.
/// </summary>
/// <remarks>
/// A composition: the <see cref="MappingTable"/> and <see cref="ForwardingPlane"/> keep the mappings, the HTTP host
/// serves descriptions, SOAP and GENA, the lifecycle moves every part through start, stop, reboot and WAN changes, the
/// fault controller is the one surface faults apply to, and the idle sweeper and mapping event publisher run beside.
/// </remarks>
public sealed class VirtualGateway : IAsyncDisposable
{
    private readonly VirtualGatewayOptions _options;
    private readonly DeviceNode _deviceTree;
    private readonly RouterState _state;
    private readonly MappingTable _table;
    private readonly ForwardingPlane _forwarding;
    private readonly GenaPublisher _gena;
    private readonly SsdpResponder _ssdp;
    private readonly GatewayHttpHost _http;
    private readonly PortControlService _portControlService;
    private readonly PortControlServer _portControl;
    private readonly IdleSweeper _idleSweeper;
    private readonly ZombieAger _zombieAger;
    private readonly MappingEventPublisher _mappingEvents;
    private readonly GatewayLifecycle _lifecycle;
    private readonly GatewayFaultController _faults;

    /// <summary>Creates a gateway; call <see cref="StartAsync"/> to open its sockets.</summary>
    /// <exception cref="ArgumentException">The options are invalid; the message lists every problem.</exception>
    public VirtualGateway(VirtualGatewayOptions options, TimeProvider? timeProvider = null, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = options.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException("invalid gateway options: " + string.Join("; ", problems), nameof(options));
        }

        _options = options;
        var time = timeProvider ?? TimeProvider.System;
        loggerFactory ??= NullLoggerFactory.Instance;
        Events = new GatewayEventLog(loggerFactory.CreateLogger<GatewayEventLog>());
        var events = new GatewayEventSink(Events, options.Id, time);
        var soapFaults = new SoapFaultPlan();
        _deviceTree = DeviceTreeBuilder.Build(options.Profile, SeededUuid(options.Seed, options.Id));
        _state = new RouterState(options.WanAddress, time)
        {
            NatPmpEnabled = options.Profile.PortControl.NatPmp,
            PcpEnabled = options.Profile.PortControl.Pcp,
        };

        _table = new MappingTable(options.Profile, time, options.Seed, loggerFactory.CreateLogger<MappingTable>());
        var forwardingLogger = loggerFactory.CreateLogger<ForwardingPlane>();

        // The link belongs to the gateway, not to a port: it outlives WAN changes and reboots, and a partition with it.
        var link = options.WanNetwork is null ? null : new WanLink(options.WanLink ?? new WanLinkSettings(), time, forwardingLogger);
        _forwarding = new ForwardingPlane(
            options.WanAddress, options.Profile.ClosedPorts, time, forwardingLogger, options.Profile.WanSide,
            handOff: options.InProcessNetwork, wan: options.WanNetwork, link: link);
        _table.Observe(_forwarding);
        _gena = new GenaPublisher(
            time, loggerFactory.CreateLogger<GenaPublisher>(), options.LanAddress, options.Profile.ServerHeader, fullSet: options.Profile.Gena.FullSet,
            network: options.ServiceNetwork);
        _mappingEvents = new MappingEventPublisher(events, _gena, options.Profile);
        _table.Listen(_mappingEvents.OnChanged);
        _gena.RegisterService(DescriptionPaths.WanIpConnectionEventPath, WanIpConnectionVariables);
        _gena.RegisterAlias(DescriptionPaths.WanPppConnectionEventPath, DescriptionPaths.WanIpConnectionEventPath);
        _gena.RegisterService(DescriptionPaths.WanCommonEventPath, () => [KeyValuePair.Create("PhysicalLinkStatus", "Up")]);
        _gena.RegisterService(DescriptionPaths.Layer3EventPath, () => [KeyValuePair.Create("DefaultConnectionService", DefaultConnectionService)]);

        var invoker = new SoapActionInvoker(new SoapStateView(options.Profile, _table, _state, _deviceTree, _forwarding), time);
        _http = new GatewayHttpHost(options, _state, _deviceTree, invoker, soapFaults, _gena, events, time, loggerFactory);
        _ssdp = new SsdpResponder(
            new SsdpSource(_deviceTree, options.Profile, _state, _http), time, loggerFactory.CreateLogger<SsdpResponder>(), options.Seed,
            options.ServiceNetwork is { } network ? new InProcessSsdpSocketFactory(network) : null);
        _portControlService = new PortControlService(_table, _state, options.Profile.PortControl, time);
        _portControl = new PortControlServer(_portControlService, _state, time, loggerFactory.CreateLogger<PortControlServer>(), options.ServiceNetwork);
        _idleSweeper = new IdleSweeper(options.Profile, _table, _forwarding, time);
        _zombieAger = new ZombieAger(options.Profile, _table, time);
        _lifecycle = new GatewayLifecycle(
            options, _state, _http, _ssdp, _portControl, _forwarding, _gena, _table, _idleSweeper, events, time, loggerFactory.CreateLogger<VirtualGateway>());
        _faults = new GatewayFaultController(options.Profile, _table, soapFaults, _lifecycle, _state, _http, events, options.Seed, link);
    }

    /// <summary>The gateway's id.</summary>
    public string Id => _options.Id;

    /// <summary>The router profile in force.</summary>
    public RouterProfile Profile => _options.Profile;

    /// <summary>The LAN address (SSDP, HTTP).</summary>
    public IPAddress LanAddress => _options.LanAddress;

    /// <summary>The current WAN address (forwarding listeners, GetExternalIPAddress).</summary>
    public IPAddress WanAddress => _state.WanAddress;

    /// <summary>The root description URL (changes when a reboot moves the HTTP port).</summary>
    public Uri DescriptionUrl => _http.DescriptionUrl;

    /// <summary>The control URL of the first WAN connection service (WANIPConnection unless the profile offers only WANPPPConnection).</summary>
    public Uri ControlUrl => _http.ConnectionControlUrl;

    /// <summary>The event subscription URL of the first WAN connection service.</summary>
    public Uri EventUrl => _http.ConnectionEventUrl;

    /// <summary>Where the SSDP responder listens.</summary>
    /// <remarks>In multicast mode the socket is bound to 0.0.0.0:1900; the LAN address is where clients reach it.</remarks>
    public IPEndPoint SsdpEndPoint => _lifecycle.SsdpEndPoint;

    /// <summary>BOOTID.UPNP.ORG: 1 at start, one more per reboot.</summary>
    public int BootId => _state.BootId;

    /// <summary>Whether the router is up (false while it reboots).</summary>
    public bool IsUp => _state.IsUp;

    /// <summary>Whether SSDP and SOAP answer (the disable-upnp fault turns them off; forwarding goes on).</summary>
    public bool UpnpEnabled => _state.UpnpEnabled;

    /// <summary>Where the NAT-PMP and PCP server listens (UDP); null while the gateway is stopped.</summary>
    public IPEndPoint? PortControlEndPoint => _portControl.LocalEndPoint;

    /// <summary>NAT-PMP's seconds since start of epoch and PCP's epoch time now.</summary>
    public uint PortControlEpoch => _state.EpochSeconds;

    /// <summary>Whether NAT-PMP requests are answered (profile, and the disable-natpmp / enable-natpmp faults).</summary>
    public bool NatPmpEnabled => _state.NatPmpEnabled;

    /// <summary>Whether PCP requests are answered (profile, and the disable-pcp / enable-pcp faults).</summary>
    public bool PcpEnabled => _state.PcpEnabled;

    /// <summary>NAT-PMP and PCP datagrams received since the gateway was created, whatever became of them.</summary>
    public long PortControlDatagrams => _portControlService.Datagrams;

    /// <summary>NAT-PMP and PCP requests answered with an error result (unsupported version or opcode, malformed, not authorized, ...).</summary>
    public long RefusedPortControlRequests => _portControlService.Refused;

    /// <summary>NAT-PMP and PCP datagrams left unanswered: too short, responses, or sent while the router was down or spoke neither.</summary>
    public long DroppedPortControlDatagrams => _portControlService.Dropped;

    /// <summary>NAT-PMP and PCP announcement datagrams sent (each repetition to each target counts).</summary>
    public long PortControlAnnouncements => _portControl.Announcements;

    /// <summary>The mapping table in index order.</summary>
    public IReadOnlyList<PortMapping> Mappings => _table.Snapshot();

    /// <summary>Every state change and fault, timestamped by the gateway's <see cref="TimeProvider"/>.</summary>
    public GatewayEventLog Events { get; }

    /// <summary>SSDP datagrams dropped as malformed or oversized.</summary>
    public long DroppedSsdpDatagrams => _ssdp.DroppedDatagrams;

    /// <summary>SOAP control requests received since the gateway was created, answered or not: what keeping mappings costs the router.</summary>
    public long ControlRequests => _http.ControlRequests;

    /// <summary>GENA subscriptions alive now.</summary>
    public int EventSubscriptions => _gena.SubscriptionCount;

    /// <summary>Connections being forwarded now.</summary>
    public int ActiveForwardedConnections => _forwarding.ActiveConnections;

    /// <summary>What listens on the WAN side for a mapping's port right now (forwarding, silent or closed).</summary>
    internal WanPortState WanPortStateOf(MappingKey key) => _forwarding.StateOf(key);

    private string DefaultConnectionService =>
        $"{_deviceTree.Devices[0].Devices[0].Udn}:WANConnectionDevice:{Profile.IgdVersion},urn:upnp-org:serviceId:WANIPConn1";

    /// <summary>Opens the HTTP server, SSDP responder, NAT-PMP/PCP server and idle-cleanup timer.</summary>
    /// <exception cref="InvalidOperationException">
    /// The gateway is already started, or its WAN address is one it could not forward on (not IPv4, or not bindable).
    /// </exception>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        await _lifecycle.StartAsync(cancellationToken);
        if (!Profile.PortControl.Upnp)
        {
            // A router with UPnP switched off in its settings: NAT-PMP and PCP only.
            await _lifecycle.DisableUpnpAsync();
        }
    }

    /// <summary>Sends SSDP byebye, closes every socket and forgets subscriptions. The table is kept.</summary>
    public Task StopAsync() => _lifecycle.StopAsync();

    /// <summary>Applies a fault: the one fault control, used by the emulator and the serve control API. Reboot returns once the router is back up.</summary>
    /// <returns>Whether the fault found something to act on, and a line describing what was done.</returns>
    /// <exception cref="FaultRejectedException">
    /// A setting cannot be carried out (a soap-error count below 1, a WAN address the host cannot bind) and nothing
    /// changed; a reboot refuses its settings before returning its task.
    /// </exception>
    public Task<FaultOutcome> ApplyFaultAsync(GatewayFault fault, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(fault);
        return fault.ApplyAsync(_faults, cancellationToken);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        await _forwarding.DisposeAsync();
        await _gena.DisposeAsync();
        await _ssdp.DisposeAsync();
        await _portControl.DisposeAsync();
        _table.Dispose();
        _idleSweeper.Dispose();
        _zombieAger.Dispose();
        _lifecycle.Dispose();
    }

    private IReadOnlyList<KeyValuePair<string, string>> WanIpConnectionVariables()
    {
        List<KeyValuePair<string, string>> variables =
        [
            KeyValuePair.Create("PossibleConnectionTypes", "IP_Routed"),
            KeyValuePair.Create("ConnectionStatus", IsUp ? "Connected" : "Disconnected"),
            KeyValuePair.Create("ExternalIPAddress", Profile.ReportedExternalAddress(WanAddress)),
            KeyValuePair.Create("PortMappingNumberOfEntries", _mappingEvents.MappingCount.ToString(CultureInfo.InvariantCulture)),
        ];
        if (Profile.IgdVersion >= 2)
        {
            variables.Add(KeyValuePair.Create("SystemUpdateID", _mappingEvents.SystemUpdateId.ToString(CultureInfo.InvariantCulture)));
        }

        return variables;
    }

    // Stable across processes (string.GetHashCode is not), so a seed always yields the same UDN.
    private static Guid SeededUuid(int seed, string id)
    {
        var hash = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes($"{seed}:{id}"));
        var bytes = hash.AsSpan(0, 16).ToArray();
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes);
    }
}
