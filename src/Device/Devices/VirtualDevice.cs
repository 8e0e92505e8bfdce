using IgdLab.Device.Endpoint;
using IgdLab.Device.PortControl;
using IgdLab.Device.Upnp.Soap;

namespace IgdLab.Device.Devices;

/// <summary>
/// A virtual intranet device: a service answering the identity handshake on its own address (protocol unit), a UPnP
/// client bound to that address, and the strategies that keep its mapping; <see cref="CurrentMapping"/> and
/// <see cref="MappingChanged"/> are what its probe unit reports to the server.
/// </summary>
public sealed class VirtualDevice : IAsyncDisposable
{
    private static readonly TimeSpan EventSubscriptionTimeout = TimeSpan.FromMinutes(30);

    private readonly TimeProvider _time;
    private readonly TimeProvider _soapTime;
    private DeviceServiceEndpoint? _endpoint;
    private SoapMappingActions? _actions;
    private PortControlMappingActions? _portControlActions;
    private PortControlAnnouncementListener? _announcements;
    private ITimer? _bootWatch;
    private GenaGatewaySignals? _signals;
    private MappingStrategy? _strategy;
    private WatchdogStrategy? _watchdog;
    private MappingSession? _session;
    private int _disposed;

    /// <summary>Creates a stopped device.</summary>
    /// <param name="options">The device.</param>
    /// <param name="timeProvider">The clock of the strategies (and the service endpoint); null uses the system clock.</param>
    /// <param name="soapTimeProvider">The clock of SOAP timeouts and retries; null uses <paramref name="timeProvider"/>.</param>
    public VirtualDevice(VirtualDeviceOptions options, TimeProvider? timeProvider = null, TimeProvider? soapTimeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options;
        _time = timeProvider ?? TimeProvider.System;
        _soapTime = soapTimeProvider ?? _time;
    }

    /// <summary>Every mapping result (after each successful map or remap), for observers; a throwing observer is contained.</summary>
    public event Action<MappingResult>? MappingChanged;

    /// <summary>Every failed map, remap or check, for observers; a throwing observer is contained.</summary>
    public event Action<Exception>? MappingFailed;

    /// <summary>The device.</summary>
    public VirtualDeviceOptions Options { get; }

    /// <summary>The service's endpoint on the device's address, once started.</summary>
    public System.Net.IPEndPoint ServiceEndPoint => _endpoint?.EndPoint ?? throw new InvalidOperationException("not started");

    /// <summary>The current mapping result, or null (not started, or no mapping made yet).</summary>
    public MappingResult? CurrentMapping => _session?.Current;

    /// <summary>The strategy keeping the mapping, once started (a <see cref="CompositeStrategy"/> when several are chosen).</summary>
    public MappingStrategy? Strategy => _strategy;

    /// <summary>The router's signals (GENA events and BOOTID changes, or NAT-PMP/PCP announcements) once started with the events strategy, else null.</summary>
    public IGatewaySignals? GatewaySignals => (IGatewaySignals?)_signals ?? _announcements;

    /// <summary>The protocol the device maps with, once started (<see cref="MappingMethod.Auto"/> resolved); null before.</summary>
    public MappingMethod? ActiveMapping { get; private set; }

    /// <summary>The service's handshakes answered so far.</summary>
    public long Handshakes => _endpoint?.Handshakes ?? 0;

    /// <summary>
    /// Starts the service, connects to the router's connection service and maps through the chosen strategies. An
    /// initial map failure is reported through <see cref="MappingFailed"/>, not thrown; the strategies retry it.
    /// </summary>
    /// <param name="controlUrl">The WANIPConnection (or WANPPPConnection) control URL.</param>
    /// <param name="serviceType">The service type as the description names it.</param>
    /// <param name="eventUrl">The service's event URL; required with <see cref="MappingStrategyKinds.Events"/>.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>True when a mapping exists afterwards.</returns>
    public Task<bool> StartAsync(Uri controlUrl, string serviceType, Uri? eventUrl = null, CancellationToken cancellationToken = default) =>
        StartAsync(new GatewayService(controlUrl, serviceType, eventUrl), locator: null, cancellationToken);

    /// <summary>
    /// Fetches the router's description from <paramref name="descriptionUrl"/> (from the device's own address) and starts
    /// against its first WAN connection service, subscribing to that service's events when the events strategy is chosen.
    /// </summary>
    /// <param name="descriptionUrl">The root description URL (the LOCATION of the SSDP answer).</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>True when a mapping exists afterwards.</returns>
    /// <exception cref="Upnp.Description.UpnpDescriptionException">The description could not be fetched or names no usable service.</exception>
    public async Task<bool> StartAsync(Uri descriptionUrl, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(descriptionUrl);
        Upnp.Description.IgdDescription description;
        using (var http = Upnp.Http.LocalBoundHttpClientFactory.Create(Options.Address))
        {
            description = await new Upnp.Description.IgdDescriptionFetcher(http, timeProvider: _soapTime).FetchAsync(descriptionUrl, cancellationToken);
        }

        return await StartAsync(GatewayService.From(description), locator: null, cancellationToken);
    }

    /// <summary>
    /// Discovers the router with <paramref name="locator"/> and starts against it, as a real device does. The device
    /// looks again when the control URL stops accepting connections (a reboot onto a new HTTP port), and, with the
    /// events strategy and an <see cref="SsdpGatewayLocator"/>, searches every <see cref="EventsStrategyOptions.SsdpCheckInterval"/>
    /// to notice a new BOOTID. With the watchdog strategy, a locator that is also an <see cref="IGatewayPresence"/>
    /// (an <see cref="SsdpGatewayLocator"/> is) is what the restore watch asks whether the router is back after a failed remap.
    /// </summary>
    /// <param name="locator">Finds the router (SSDP from the device's own address).</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>True when a mapping exists afterwards.</returns>
    /// <exception cref="GatewayNotFoundException">No usable gateway answered.</exception>
    public async Task<bool> StartAsync(IGatewayLocator locator, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(locator);
        var method = await ResolveMethodAsync(cancellationToken);
        if (method != MappingMethod.Upnp)
        {
            return await StartPortControlAsync(method, cancellationToken);
        }

        var service = await locator.LocateAsync(cancellationToken);
        return await StartAsync(service, locator, cancellationToken);
    }

    /// <summary>
    /// Starts mapping by NAT-PMP or PCP (<see cref="VirtualDeviceOptions.Mapping"/>; <see cref="MappingMethod.Auto"/>
    /// tries PCP, then NAT-PMP) at <see cref="VirtualDeviceOptions.PortControlGateway"/>, listening for the gateway's
    /// announcements when the events strategy is chosen.
    /// </summary>
    /// <returns>True when a mapping exists afterwards.</returns>
    /// <exception cref="InvalidOperationException">No port-control gateway is set, or the method is UPnP, or Auto found neither protocol.</exception>
    public async Task<bool> StartAsync(CancellationToken cancellationToken = default)
    {
        var method = await ResolveMethodAsync(cancellationToken);
        return method == MappingMethod.Upnp
            ? throw new InvalidOperationException("this device maps by UPnP: start it with a locator or a description URL")
            : await StartPortControlAsync(method, cancellationToken);
    }

    // Auto asks PCP first, then NAT-PMP, one quick try each, as real clients probe; neither answering means UPnP.
    private async Task<MappingMethod> ResolveMethodAsync(CancellationToken cancellationToken)
    {
        if (Options.Mapping is MappingMethod.NatPmp or MappingMethod.Pcp)
        {
            return Options.PortControlGateway is null
                ? throw new InvalidOperationException($"mapping by {Options.Mapping.ToText()} needs the gateway's NAT-PMP/PCP endpoint")
                : Options.Mapping;
        }

        if (Options.Mapping == MappingMethod.Upnp || Options.PortControlGateway is not { } gateway)
        {
            return MappingMethod.Upnp;
        }

        var probe = (Options.PortControl ?? PortControlClientOptions.NatPmp) with { MaxAttempts = 2 };
        try
        {
            using var pcp = new PcpClient(Options.Address, gateway, probe, _soapTime);
            await pcp.AnnounceAsync(cancellationToken);
            return MappingMethod.Pcp;
        }
        catch (PortControlException)
        {
            // Not PCP: an UNSUPP_VERSION answer or silence.
        }

        try
        {
            using var natPmp = new NatPmpClient(Options.Address, gateway, probe, _soapTime);
            await natPmp.GetExternalAddressAsync(cancellationToken);
            return MappingMethod.NatPmp;
        }
        catch (PortControlException)
        {
            return MappingMethod.Upnp;
        }
    }

    private async Task<bool> StartPortControlAsync(MappingMethod method, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (_endpoint is not null)
        {
            throw new InvalidOperationException("already started");
        }

        var gateway = Options.PortControlGateway!;
        _endpoint = new DeviceServiceEndpoint(Options.Id, Options.Key.Span, _time);
        _endpoint.Start(Options.Address, Options.ServicePort, udp: Options.Protocol == MappingProtocol.Udp, Options.InProcessNetwork);
        ActiveMapping = method;
        _portControlActions = new PortControlMappingActions(
            method, gateway, Options.Protocol, _endpoint.EndPoint, Options.ExternalPort ?? 0, Options.LeaseSeconds, Options.PortControl, _soapTime, StableHash.Of(Options.Id));
        _session = new MappingSession(_portControlActions);
        _session.MappingChanged += r => Observers.Notify(MappingChanged, r);
        _session.MappingFailed += e => Observers.Notify(MappingFailed, e);
        if (Options.Strategies.HasFlag(MappingStrategyKinds.Events))
        {
            _announcements = new PortControlAnnouncementListener(Options.Address, gateway.Address, _portControlActions.Epoch);
        }

        _strategy = BuildStrategy(_session, presence: null);
        if (_watchdog is { } watchdog && _announcements is { } announcements)
        {
            announcements.BootIdChanged += _ => watchdog.OnGatewaySignal();
            announcements.ExternalAddressChanged += _ => watchdog.OnGatewaySignal();
        }

        return await _strategy.StartAsync(cancellationToken);
    }

    private async Task<bool> StartAsync(GatewayService service, IGatewayLocator? locator, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (_endpoint is not null)
        {
            throw new InvalidOperationException("already started");
        }

        if (Options.Strategies.HasFlag(MappingStrategyKinds.Events) && service.EventUrl is null)
        {
            throw new ArgumentException("the events strategy needs the service's event URL", nameof(service));
        }

        _endpoint = new DeviceServiceEndpoint(Options.Id, Options.Key.Span, _time);
        _endpoint.Start(Options.Address, Options.ServicePort, udp: Options.Protocol == MappingProtocol.Udp, Options.InProcessNetwork);
        ActiveMapping = MappingMethod.Upnp;
        var clientOptions = (Options.Client ?? new UpnpClientOptions()) with { LocalAddress = Options.Address };
        if (WatchesForRestore)
        {
            // The restore watch retries a refused action at its own short pace; the client's own retries (500 ms, then
            // 1 s) would only sit in front of it and hold the mapping back after the router has stopped refusing.
            clientOptions = clientOptions with { ActionFailedRetryCount = 0 };
        }

        var request = new MappingRequest
        {
            Protocol = Options.Protocol,
            InternalPort = _endpoint.EndPoint.Port,
            InternalClient = Options.Address,
            ExternalPort = Options.ExternalPort ?? 0,
            LeaseSeconds = Options.LeaseSeconds,
            Description = $"IgdLab {Options.Id}",
        };
        _actions = new SoapMappingActions(service, request, clientOptions, _soapTime, locator);
        _session = new MappingSession(_actions);
        _session.MappingChanged += r => Observers.Notify(MappingChanged, r);
        _session.MappingFailed += e => Observers.Notify(MappingFailed, e);
        if (Options.Strategies.HasFlag(MappingStrategyKinds.Events))
        {
            _signals = new GenaGatewaySignals(Options.Address, _time);
            _actions.ServiceMoved += (before, after) =>
            {
                if (before.EventUrl is { } from && after.EventUrl is { } to)
                {
                    _ = _signals.MoveSubscriptionAsync(from, to, EventSubscriptionTimeout);
                }
            };
            if (locator is SsdpGatewayLocator ssdp && Options.Events.SsdpCheckInterval is { } interval)
            {
                ssdp.Rebooted += reboot =>
                {
                    // The tracker already compared the two answers; both go in so that the signal fires on the first reboot too.
                    _signals.ReportBootId(BootText(reboot.Before));
                    _signals.ReportBootId(BootText(reboot.After));
                };
                _bootWatch = _time.CreateTimer(_ => _ = CheckForRebootAsync(ssdp), null, interval, interval);
            }
        }

        _strategy = BuildStrategy(_session, locator as IGatewayPresence);
        if (_watchdog is { } watchdog)
        {
            // What the router says unasked is a reason to ask it at once whether it is back.
            if (locator is SsdpGatewayLocator rebooting)
            {
                rebooting.Rebooted += _ => watchdog.OnGatewaySignal();
            }

            if (_signals is { } signals)
            {
                signals.BootIdChanged += _ => watchdog.OnGatewaySignal();
                signals.ConnectionStatusChanged += _ => watchdog.OnGatewaySignal();
                signals.ExternalAddressChanged += _ => watchdog.OnGatewaySignal();
            }
        }

        var mapped = await _strategy.StartAsync(cancellationToken);
        if (_signals is not null)
        {
            await _signals.SubscribeAsync(_actions.Service.EventUrl!, EventSubscriptionTimeout, cancellationToken);
        }

        return mapped;
    }

    /// <summary>
    /// A mapping instruction from the server: deletes and adds the mapping again, as the strategy answers instructions
    /// (<see cref="MappingStrategy.OnRemapInstructionAsync"/>).
    /// </summary>
    /// <param name="cancellationToken">Stops waiting for the answer.</param>
    /// <returns>The new mapping, also reported through <see cref="MappingChanged"/>; a failure is thrown (and reported through <see cref="MappingFailed"/>).</returns>
    /// <exception cref="InvalidOperationException">The device was not started.</exception>
    public Task<MappingResult> OnRemapInstructionAsync(CancellationToken cancellationToken = default) =>
        _strategy?.OnRemapInstructionAsync(cancellationToken) ?? throw new InvalidOperationException("not started");

    /// <summary>Reports the BOOTID the router announced; a change triggers the events strategy.</summary>
    public void ReportBootId(string bootId) => _signals?.ReportBootId(bootId);

    /// <summary>Stops the strategies, deletes the mapping, stops the service.</summary>
    /// <summary>
    /// Forgets the device's mappings without deleting them, so that disposing it afterwards sends its router nothing, as
    /// a device that loses power: for a world torn down whole, whose routers go next. A 100,000-device world spent
    /// three minutes of its teardown deleting mappings one SOAP round trip at a time.
    /// </summary>
    public async Task AbandonMappingsAsync()
    {
        if (_actions is not null)
        {
            await _actions.AbandonAsync();
        }

        _portControlActions?.Abandon();
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        if (_bootWatch is not null)
        {
            await _bootWatch.DisposeAsync();
        }

        if (_strategy is not null)
        {
            await _strategy.DisposeAsync();
        }

        if (_signals is not null)
        {
            await _signals.DisposeAsync();
        }

        if (_announcements is not null)
        {
            await _announcements.DisposeAsync();
        }

        if (_actions is not null)
        {
            await _actions.DisposeAsync();
        }

        if (_portControlActions is not null)
        {
            await _portControlActions.DisposeAsync();
        }

        if (_endpoint is not null)
        {
            await _endpoint.DisposeAsync();
        }
    }

    private static string BootText(Upnp.Discovery.SsdpReply reply) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{reply.BootId}@{reply.Location}");

    private async Task CheckForRebootAsync(SsdpGatewayLocator locator)
    {
        try
        {
            await locator.CheckAsync(CancellationToken.None);
        }
        catch (Exception ex) when (ex is System.Net.Sockets.SocketException or OperationCanceledException)
        {
            // A search that cannot go out now is tried again at the next tick.
        }
    }

    // Only a device kept by the watchdog watches: None maps once and never again, the other strategies retry on their own.
    private bool WatchesForRestore => Options.Strategies.HasFlag(MappingStrategyKinds.Watchdog) && Options.Restore.Enabled;

    private MappingStrategy BuildStrategy(MappingSession session, IGatewayPresence? presence)
    {
        var parts = new List<MappingStrategy>();
        var kinds = Options.Strategies;
        if (kinds.HasFlag(MappingStrategyKinds.Watchdog) || kinds == MappingStrategyKinds.None)
        {
            // None maps once and never again: a watchdog that never hears from a server (nor restores) behaves exactly so.
            _watchdog = new WatchdogStrategy(session, WatchesForRestore ? Options.Restore : null, presence, _time, StableHash.Of(Options.Id));
            parts.Add(_watchdog);
        }

        if (kinds.HasFlag(MappingStrategyKinds.Renew))
        {
            parts.Add(new RenewStrategy(session, Options.Renew, _time));
        }

        if (kinds.HasFlag(MappingStrategyKinds.Poll))
        {
            parts.Add(new PollStrategy(session, Options.Poll, _time));
        }

        if (GatewaySignals is { } signals)
        {
            parts.Add(new EventsStrategy(session, signals, Options.Events, _time));
        }

        return parts.Count == 1 ? parts[0] : new CompositeStrategy(parts, _time);
    }
}
