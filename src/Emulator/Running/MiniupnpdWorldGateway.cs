using System.Net;
using IgdLab.Contracts;
using IgdLab.Contracts.InProcess;
using IgdLab.Emulator.Scenarios;
using IgdLab.Emulator.World.Namespaces;
using IgdLab.Igd.Events;
using IgdLab.Igd.Faults;
using IgdLab.Igd.Mapping;

namespace IgdLab.Emulator.Running;

/// <summary>
/// A world gateway played by Debian's real miniupnpd (<see cref="MiniupnpdRouter"/>), configured from the scenario
/// gateway's profile. Devices live in its LAN namespace, the watchdog and the oracle on its WAN host. Faults become
/// what happens to a real router: its nftables rules deleted (drop-mapping, drop-all-mappings — the daemon keeps its
/// own idea of its table, as after any rule loss), its WAN interface readdressed with SIGUSR1 (change-wan-ip), the
/// daemon stopped and started (reboot, disable-upnp, enable-upnp).
/// </summary>
internal sealed class MiniupnpdWorldGateway(ScenarioGateway spec, TimeProvider clock) : IWorldGateway
{
    private const int SsdpPort = 1900;

    private readonly List<IPAddress> _deviceAddresses = [];
    private MiniupnpdRouter? _router;

    public string Id => spec.Id;

    public IPAddress LanAddress => MiniupnpdRouter.RouterLanAddress;

    public IPEndPoint SsdpEndPoint => new(MiniupnpdRouter.RouterLanAddress, SsdpPort);

    // Debian's miniupnpd sends its replies one after another: the last of twelve devices searching together (six
    // targets each) hears its first answer after about 0.8 s.
    public TimeSpan SearchTimeout => TimeSpan.FromSeconds(3);

    // The daemon's kernel NAT forwards to the devices in the LAN namespace: they listen on its kernel.
    public IInProcessNetwork? Lan => null;

    public long ControlRequests => 0;

    public GatewayEventLog? Events => null;

    public IPAddress? OutsideAddress => MiniupnpdRouter.WanHostAddress;

    public IPNetwork? OutsideNetwork => MiniupnpdRouter.WanSubnet;

    // The daemon's WAN side is the WAN namespace itself; no carrier-grade NAT sits in front (the validator refuses wanSide: cgnat).
    public bool ReachableFromOutside => true;

    /// <summary>The daemon's log so far, for a testbed error's message.</summary>
    public string DaemonLog => _router?.DaemonLog ?? "";

    private MiniupnpdRouter Router => _router ?? throw new InvalidOperationException($"gateway {spec.Id} has not started");

    public IPAddress NextDeviceAddress()
    {
        var address = MiniupnpdRouter.LanHost(_deviceAddresses.Count);
        _deviceAddresses.Add(address);
        return address;
    }

    public IDisposable EnterLan() => NetworkScope.Enter(Router.Lan.CreateSocket);

    public IDisposable EnterOutside() => NetworkScope.Enter(Router.Wan.CreateSocket);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _router = await MiniupnpdRouter.StartAsync(MiniupnpdSettings.From(spec.Profile), cancellationToken);

        // The first host address came with the LAN; every further device gets one of its own (secure mode tells them apart).
        foreach (var address in _deviceAddresses.Skip(1))
        {
            await _router.AddLanAddressAsync(address);
        }
    }

    public async Task<IReadOnlyList<PortMapping>> MappingsAsync()
    {
        if (_router is null)
        {
            return [];
        }

        var listing = await _router.NatRulesAsync();
        return [.. MiniupnpdRuleListing.Redirections(listing).Select(r => new PortMapping
        {
            ExternalPort = r.ExternalPort,
            Protocol = r.Protocol == "UDP" ? MappingProtocol.Udp : MappingProtocol.Tcp,
            InternalClient = IPAddress.Parse(r.InternalClient),
            InternalPort = r.InternalPort,
        })];
    }

    public async Task<FaultOutcome> ApplyFaultAsync(GatewayFault fault, CancellationToken cancellationToken)
    {
        var router = Router;
        switch (fault)
        {
            case DropMapping { Port: { } port } drop:
                var key = new MappingKey(port, drop.Protocol);
                return await router.DeleteRulesAsync(port, drop.Protocol.ToUpnp())
                    ? FaultOutcome.Done($"deleted the nftables rules of {key}")
                    : FaultOutcome.NothingToDo($"no nftables rule for {key}");
            case DropAllMappings:
                await router.FlushRulesAsync();
                return FaultOutcome.Done("flushed miniupnpd's nftables chains");
            case ChangeWanIp:
                return FaultOutcome.Done($"WAN address is now {await router.ChangeWanAddressAsync()} (SIGUSR1 sent)");
            case Reboot reboot:
                await router.RebootAsync(reboot.Downtime, reboot.NewWanIp || reboot.WanAddress is not null, clock, cancellationToken);
                return FaultOutcome.Done($"miniupnpd restarted (WAN {router.WanAddress}, HTTP port {router.HttpPort})");
            case DisableUpnp:
                await router.StopDaemonAsync();
                return FaultOutcome.Done("miniupnpd stopped");
            case EnableUpnp:
                await router.StartDaemonAsync(cancellationToken);
                return FaultOutcome.Done($"miniupnpd started (HTTP port {router.HttpPort})");
            default:
                // The validator refuses these on a miniupnpd gateway; code-built scenarios get the same answer here.
                throw new FaultRejectedException($"backend miniupnpd cannot play '{fault.Name}'");
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_router is not null)
        {
            await _router.DisposeAsync();
        }
    }
}
