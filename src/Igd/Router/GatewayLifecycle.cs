using System.Net;
using IgdLab.Igd.Description;
using IgdLab.Igd.Events;
using IgdLab.Igd.Faults;
using IgdLab.Igd.Forwarding;
using IgdLab.Igd.Gena;
using IgdLab.Igd.Mapping;
using IgdLab.Igd.Profiles;
using IgdLab.Igd.PortControl;
using IgdLab.Igd.Ssdp;
using Microsoft.Extensions.Logging;

namespace IgdLab.Igd.Router;

/// <summary>
/// Start, stop, reboot, WAN address changes and UPnP on/off: every transition of the router, one at a time, moving
/// the HTTP host, SSDP responder, forwarding plane, GENA and idle sweeper together.
/// </summary>
internal sealed partial class GatewayLifecycle(
    VirtualGatewayOptions options,
    RouterState state,
    GatewayHttpHost http,
    SsdpResponder ssdp,
    PortControlServer portControl,
    ForwardingPlane forwarding,
    GenaPublisher gena,
    MappingTable table,
    IdleSweeper idleSweeper,
    GatewayEventSink events,
    TimeProvider time,
    ILogger logger) : IDisposable
{
    private readonly SemaphoreSlim _transition = new(1, 1);
    private readonly ILogger _logger = logger;
    private readonly WanAddressChooser _wanAddresses = new(options);
    private ITimer? _reannounceTimer;

    public IPEndPoint SsdpEndPoint => new(options.LanAddress, ssdp.LocalEndPoint.Port);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await _transition.WaitAsync(cancellationToken);
        try
        {
            if (state.IsUp)
            {
                throw new InvalidOperationException("the gateway is already started");
            }

            // Checked before anything listens: forwarding on an address the host lacks fails port by port, unseen.
            if (_wanAddresses.Problem(state.WanAddress) is { } problem)
            {
                throw new InvalidOperationException(problem);
            }

            var ssdpPort = options.Multicast && options.SsdpPort == 0 ? GatewayDefaults.MulticastSsdpPort : options.SsdpPort;
            var httpPort = options.HttpPort;
            if (options.Profile.Discovery.WrongSourcePort)
            {
                // TP-Link ER605 serves its description over TCP on the SSDP port's number (1900).
                ssdpPort = ssdpPort != 0 ? ssdpPort : FreeTcpPort();
                httpPort = ssdpPort;
            }

            await http.StartAsync(httpPort, cancellationToken);
            await ssdp.StartAsync(options.LanAddress, ssdpPort, options.Multicast, cancellationToken);
            var portControlPort = options.Multicast && options.PortControlPort == 0 ? PortControlWire.ServerPort : options.PortControlPort;
            await portControl.StartAsync(options.LanAddress, portControlPort, options.Multicast);
            idleSweeper.Start();
            StartReannouncing();
            if (!state.MarkStarted())
            {
                throw new InvalidOperationException("the gateway is already started");
            }

            events.Publish(GatewayEventKind.Started, wanAddress: state.WanAddress, detail: $"description {http.DescriptionUrl}; ssdp {SsdpEndPoint}");
            LogStarted(options.Id, http.DescriptionUrl, SsdpEndPoint, state.WanAddress);
        }
        finally
        {
            _transition.Release();
        }
    }

    public async Task StopAsync()
    {
        await _transition.WaitAsync();
        try
        {
            if (!state.MarkStopped())
            {
                return;
            }

            idleSweeper.Stop();
            _reannounceTimer?.Dispose();
            await ssdp.StopAsync();
            await portControl.StopAsync();
            await http.StopAsync();
            await forwarding.SuspendAsync();
            gena.Clear();
            events.Publish(GatewayEventKind.Stopped);
        }
        finally
        {
            _transition.Release();
        }
    }

    /// <summary>Refuses a WAN address the gateway could not forward on, before anything changes.</summary>
    /// <exception cref="FaultRejectedException">It is not IPv4, is the LAN address, or the host cannot bind it.</exception>
    public void CheckWanAddress(IPAddress address) => _wanAddresses.Check(address);

    /// <exception cref="FaultRejectedException">No bindable address: nothing changed.</exception>
    public async Task<IPAddress> ChangeWanAddressAsync(IPAddress? newAddress)
    {
        await _transition.WaitAsync();
        try
        {
            var old = state.WanAddress;
            var next = _wanAddresses.Choose(old, newAddress);
            var policy = options.Profile.WanChange;

            // A new WAN address means the uplink reconnected: subscribers see it go down and come back with the address,
            // unless the router keeps quiet about it (wan-ip-change, silent variant).
            if (policy.Evented)
            {
                gena.Publish(DescriptionPaths.WanIpConnectionEventPath, [KeyValuePair.Create("ConnectionStatus", "Disconnected")]);
            }

            if (!policy.KeepMappings)
            {
                table.RemoveAll(RemovalReason.WanChange);
            }

            await forwarding.ChangeWanAddressAsync(next);
            state.WanAddress = next;
            PortControlStateLost();
            events.Publish(GatewayEventKind.WanAddressChanged, wanAddress: next, detail: $"from {old}");
            if (policy.Evented)
            {
                gena.Publish(
                    DescriptionPaths.WanIpConnectionEventPath,
                    [
                        KeyValuePair.Create("ExternalIPAddress", options.Profile.ReportedExternalAddress(next)),
                        KeyValuePair.Create("ConnectionStatus", "Connected"),
                    ]);
            }

            return next;
        }
        finally
        {
            _transition.Release();
        }
    }

    /// <exception cref="FaultRejectedException">A new WAN address was asked for and none is bindable: the router stays up.</exception>
    public async Task RebootAsync(Reboot reboot, CancellationToken cancellationToken)
    {
        await _transition.WaitAsync(cancellationToken);
        try
        {
            // Chosen before going down, so a refused address leaves the router as it was.
            var newWanAddress = reboot.NewWanIp || reboot.WanAddress is not null ? _wanAddresses.Choose(state.WanAddress, reboot.WanAddress) : null;
            await ssdp.AnnounceByeByeAsync();
            state.IsUp = false;
            idleSweeper.Stop();
            await http.StopAsync();
            await forwarding.SuspendAsync();
            gena.Clear();
            if (!options.Profile.Reboot.KeepTable)
            {
                table.RemoveAll(RemovalReason.Reboot);
            }

            // Published once the router is really down, so whoever waits for it may advance a fake clock safely.
            events.Publish(GatewayEventKind.RebootStarted, detail: $"downtime {reboot.Downtime.TotalMilliseconds} ms");
            if (reboot.Downtime > TimeSpan.Zero)
            {
                await Task.Delay(reboot.Downtime, time, cancellationToken);
            }

            var port = (reboot.NewHttpPort ?? options.Profile.Reboot.NewHttpPort) ? 0 : http.Port;
            if (newWanAddress is not null)
            {
                await forwarding.ChangeWanAddressAsync(newWanAddress);
                state.WanAddress = newWanAddress;
            }

            state.Booted();
            await forwarding.ResumeAsync(table.Snapshot());
            if (state.UpnpEnabled)
            {
                await http.StartAsync(port, cancellationToken);
            }

            state.IsUp = true;
            idleSweeper.Start();
            await ssdp.AnnounceByeByeAsync();
            await ssdp.AnnounceAliveAsync();
            PortControlStateLost();
            events.Publish(GatewayEventKind.RebootCompleted, wanAddress: state.WanAddress, detail: $"boot id {state.BootId}; description {http.DescriptionUrl}");
        }
        finally
        {
            _transition.Release();
        }
    }

    public async Task DisableUpnpAsync()
    {
        await _transition.WaitAsync();
        try
        {
            if (!state.UpnpEnabled)
            {
                return;
            }

            // Say goodbye while still enabled: a disabled responder sends nothing.
            await ssdp.AnnounceByeByeAsync();
            state.SetUpnpEnabled(false);
            await http.StopAsync();
            events.Publish(GatewayEventKind.UpnpDisabled);
        }
        finally
        {
            _transition.Release();
        }
    }

    public async Task EnableUpnpAsync(CancellationToken cancellationToken)
    {
        await _transition.WaitAsync(cancellationToken);
        try
        {
            if (state.UpnpEnabled)
            {
                return;
            }

            // The control URL listens before discovery answers, as after a reboot: a device that finds the router
            // again must be able to use it at once (miniupnpd opens its HTTP socket before it answers any search).
            if (state.IsUp)
            {
                await http.StartAsync(http.Port, cancellationToken);
            }

            state.SetUpnpEnabled(true);
            if (state.IsUp)
            {
                await ssdp.AnnounceAliveAsync();
            }

            events.Publish(GatewayEventKind.UpnpEnabled);
        }
        finally
        {
            _transition.Release();
        }
    }

    /// <summary>Turns NAT-PMP or PCP on or off (the disable-natpmp / disable-pcp faults and their undo).</summary>
    public void SetPortControl(MappingOrigin protocol, bool enabled)
    {
        if (protocol == MappingOrigin.NatPmp)
        {
            state.NatPmpEnabled = enabled;
        }
        else if (protocol == MappingOrigin.Pcp)
        {
            state.PcpEnabled = enabled;
        }
        else
        {
            throw new ArgumentOutOfRangeException(nameof(protocol), protocol, "only NAT-PMP and PCP are switched here");
        }
    }

    public void Dispose()
    {
        _reannounceTimer?.Dispose();
        _transition.Dispose();
    }

    // A reboot or a new WAN address loses the mappings' state or their external side: the NAT-PMP/PCP epoch restarts
    // (unless the profile has the epoch-not-reset quirk) and clients are told, unless announcements are off.
    private void PortControlStateLost()
    {
        var policy = options.Profile.PortControl;
        if (!policy.EpochNotReset)
        {
            state.ResetEpoch();
        }

        if (policy.Announce && !state.AnnouncementsDropped && (state.NatPmpEnabled || state.PcpEnabled))
        {
            portControl.Announce();
        }
    }

    // A TCP port free now on the LAN address, for a UDP socket and an HTTP server that share the number.
    private int FreeTcpPort()
    {
        var probe = new System.Net.Sockets.TcpListener(options.LanAddress, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    // Multicast SSDP advertisements live CACHE-CONTROL max-age=1800 s; the profile's notify interval renews them
    // (miniupnpd's notify_interval, 900 s by default); 0 announces only at start and after a reboot.
    private void StartReannouncing()
    {
        var seconds = options.Profile.Discovery.NotifyIntervalSeconds;
        if (options.Multicast && seconds > 0)
        {
            var period = TimeSpan.FromSeconds(seconds);
            _reannounceTimer = time.CreateTimer(_ => _ = ssdp.AnnounceAliveAsync(), null, period, period);
        }
    }
}
