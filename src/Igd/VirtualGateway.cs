using System.Net;
using IgdLab.Igd.Description;
using IgdLab.Igd.Events;
using IgdLab.Igd.Faults;
using IgdLab.Igd.Forwarding;
using IgdLab.Igd.Gena;
using IgdLab.Igd.Mapping;
using IgdLab.Igd.Profiles;
using IgdLab.Igd.Soap;
using IgdLab.Igd.Ssdp;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace IgdLab.Igd;

/// <summary>
/// One virtual Internet Gateway Device on loopback: SSDP responder, descriptions, SOAP control, GENA eventing, the
/// mapping table and the forwarding plane, with fault controls. Every state change is published on <see cref="Events"/>.
/// </summary>
public sealed partial class VirtualGateway : IAsyncDisposable
{
    private readonly VirtualGatewayOptions _options;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly Random _random;
    private readonly DeviceNode _deviceTree;
    private readonly MappingTable _table;
    private readonly ForwardingPlane _forwarding;
    private readonly GenaPublisher _gena;
    private readonly SsdpResponder _ssdp;
    private readonly SoapFaultPlan _soapFaults = new();
    private readonly SemaphoreSlim _lifecycle = new(1, 1);
    private readonly Lock _stateGate = new();
    private IPAddress _wanAddress;
    private DateTimeOffset _bootTime;
    private int _bootId;
    private bool _upnpEnabled = true;
    private bool _isUp;
    private long _controlRequests;
    private bool _started;
    private int _mappingCount;
    private uint _systemUpdateId;
    private ITimer? _reannounceTimer;

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
        _time = timeProvider ?? TimeProvider.System;
        _loggerFactory = loggerFactory ?? NullLoggerFactory.Instance;
        _logger = _loggerFactory.CreateLogger<VirtualGateway>();
        _random = new Random(options.Seed);
        _wanAddress = options.WanAddress;
        _bootId = 1;
        _bootTime = _time.GetUtcNow();
        _deviceTree = DeviceTreeBuilder.Build(options.Profile.IgdVersion, SeededUuid(options.Seed, options.Id));

        _table = new MappingTable(options.Profile, _time, options.Seed);
        _forwarding = new ForwardingPlane(_wanAddress, options.Profile.ClosedPorts, _time, _loggerFactory.CreateLogger<ForwardingPlane>());
        _table.Observe(new EventRecorder(this, _forwarding));
        _gena = new GenaPublisher(_time, _loggerFactory.CreateLogger<GenaPublisher>(), options.LanAddress, options.Profile.ServerHeader);
        _gena.RegisterService(DescriptionPaths.WanIpConnectionEventPath, WanIpConnectionVariables);
        _gena.RegisterService(DescriptionPaths.WanCommonEventPath, () => [KeyValuePair.Create("PhysicalLinkStatus", "Up")]);
        _gena.RegisterService(DescriptionPaths.Layer3EventPath, () => [KeyValuePair.Create("DefaultConnectionService", DefaultConnectionService)]);
        _ssdp = new SsdpResponder(new SsdpSource(this), _time, _loggerFactory.CreateLogger<SsdpResponder>(), options.Seed);
        _invoker = new SoapActionInvoker(new StateView(this), _time);
    }

    /// <summary>The gateway's id.</summary>
    public string Id => _options.Id;

    /// <summary>The router profile in force.</summary>
    public RouterProfile Profile => _options.Profile;

    /// <summary>The LAN address (SSDP, HTTP).</summary>
    public IPAddress LanAddress => _options.LanAddress;

    /// <summary>The current WAN address (forwarding listeners, GetExternalIPAddress).</summary>
    public IPAddress WanAddress
    {
        get
        {
            lock (_stateGate)
            {
                return _wanAddress;
            }
        }
    }

    /// <summary>The root description URL (changes when a reboot moves the HTTP port).</summary>
    public Uri DescriptionUrl => new($"http://{FormatEndPoint(LanAddress, HttpPort)}{DescriptionPaths.RootDescriptionPath}");

    /// <summary>The WANIPConnection control URL.</summary>
    public Uri ControlUrl => new($"http://{FormatEndPoint(LanAddress, HttpPort)}{DescriptionPaths.WanIpConnectionControlPath}");

    /// <summary>The WANIPConnection event subscription URL.</summary>
    public Uri EventUrl => new($"http://{FormatEndPoint(LanAddress, HttpPort)}{DescriptionPaths.WanIpConnectionEventPath}");

    /// <summary>Where the SSDP responder listens.</summary>
    /// <remarks>In multicast mode the socket is bound to 0.0.0.0:1900; the LAN address is where clients reach it.</remarks>
    public IPEndPoint SsdpEndPoint => new(LanAddress, _ssdp.LocalEndPoint.Port);

    /// <summary>BOOTID.UPNP.ORG: 1 at start, one more per reboot.</summary>
    public int BootId
    {
        get
        {
            lock (_stateGate)
            {
                return _bootId;
            }
        }
    }

    /// <summary>Whether the router is up (false while it reboots).</summary>
    public bool IsUp
    {
        get
        {
            lock (_stateGate)
            {
                return _isUp;
            }
        }
    }

    /// <summary>Whether SSDP and SOAP answer (the disable-upnp fault turns them off; forwarding goes on).</summary>
    public bool UpnpEnabled
    {
        get
        {
            lock (_stateGate)
            {
                return _upnpEnabled;
            }
        }
    }

    /// <summary>The mapping table in index order.</summary>
    public IReadOnlyList<PortMapping> Mappings => _table.Snapshot();

    /// <summary>Every state change and fault, timestamped by the gateway's <see cref="TimeProvider"/>.</summary>
    public GatewayEventLog Events { get; } = new();

    /// <summary>SSDP datagrams dropped as malformed or oversized.</summary>
    public long DroppedSsdpDatagrams => _ssdp.DroppedDatagrams;

    /// <summary>SOAP control requests received since the gateway was created, answered or not: what keeping mappings costs the router.</summary>
    public long ControlRequests => Interlocked.Read(ref _controlRequests);

    /// <summary>GENA subscriptions alive now.</summary>
    public int EventSubscriptions => _gena.SubscriptionCount;

    /// <summary>Connections being forwarded now.</summary>
    public int ActiveForwardedConnections => _forwarding.ActiveConnections;

    private string DefaultConnectionService =>
        $"{_deviceTree.Devices[0].Devices[0].Udn}:WANConnectionDevice:{Profile.IgdVersion},{UpnpUrns.WanIpConnectionServiceId}";

    /// <summary>Opens the HTTP server, SSDP responder and idle-cleanup timer.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        await _lifecycle.WaitAsync(cancellationToken);
        try
        {
            if (_started)
            {
                throw new InvalidOperationException("the gateway is already started");
            }

            await StartHttpAsync(_options.HttpPort, cancellationToken);
            var ssdpPort = _options.Multicast && _options.SsdpPort == 0 ? GatewayDefaults.MulticastSsdpPort : _options.SsdpPort;
            await _ssdp.StartAsync(LanAddress, ssdpPort, _options.Multicast, cancellationToken);
            StartIdleCleanup();
            StartReannouncing();
            lock (_stateGate)
            {
                _isUp = true;
                _started = true;
                _bootTime = _time.GetUtcNow();
            }

            Publish(GatewayEventKind.Started, wanAddress: WanAddress, detail: $"description {DescriptionUrl}; ssdp {SsdpEndPoint}");
            LogStarted(Id, DescriptionUrl, SsdpEndPoint, WanAddress);
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    /// <summary>Sends SSDP byebye, closes every socket and forgets subscriptions. The table is kept.</summary>
    public async Task StopAsync()
    {
        await _lifecycle.WaitAsync();
        try
        {
            if (!_started)
            {
                return;
            }

            _started = false;
            StopIdleCleanup();
            _reannounceTimer?.Dispose();
            await _ssdp.StopAsync();
            await StopHttpAsync();
            await _forwarding.SuspendAsync();
            _gena.Clear();
            lock (_stateGate)
            {
                _isUp = false;
            }

            Publish(GatewayEventKind.Stopped);
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        await _forwarding.DisposeAsync();
        await _gena.DisposeAsync();
        await _ssdp.DisposeAsync();
        _table.Dispose();
        _idleTimer?.Dispose();
        _reannounceTimer?.Dispose();
        _lifecycle.Dispose();
    }

    // Multicast SSDP advertisements live CACHE-CONTROL max-age=1800 s; renew them well before they lapse.
    private void StartReannouncing()
    {
        if (_options.Multicast)
        {
            var period = TimeSpan.FromSeconds(Ssdp.SsdpResponderLimits.MaxAgeSeconds / 3);
            _reannounceTimer = _time.CreateTimer(_ => _ = _ssdp.AnnounceAliveAsync(), null, period, period);
        }
    }

    private IReadOnlyList<KeyValuePair<string, string>> WanIpConnectionVariables()
    {
        List<KeyValuePair<string, string>> variables =
        [
            KeyValuePair.Create("PossibleConnectionTypes", "IP_Routed"),
            KeyValuePair.Create("ConnectionStatus", IsUp ? "Connected" : "Disconnected"),
            KeyValuePair.Create("ExternalIPAddress", WanAddress.ToString()),
            KeyValuePair.Create("PortMappingNumberOfEntries", Volatile.Read(ref _mappingCount).ToString(System.Globalization.CultureInfo.InvariantCulture)),
        ];
        if (Profile.IgdVersion >= 2)
        {
            variables.Add(KeyValuePair.Create("SystemUpdateID", Volatile.Read(ref _systemUpdateId).ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        return variables;
    }

    private void Publish(
        GatewayEventKind kind, PortMapping? mapping = null, RemovalReason? reason = null, IPAddress? wanAddress = null, string detail = "", DateTimeOffset? at = null)
    {
        Events.Publish(new GatewayEvent
        {
            Timestamp = at ?? _time.GetUtcNow(),
            Gateway = Id,
            Kind = kind,
            Mapping = mapping,
            Reason = reason,
            WanAddress = wanAddress,
            Detail = detail,
        });
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

    private static string FormatEndPoint(IPAddress address, int port) => new IPEndPoint(address, port).ToString();
}
