using System.Net;
using IgdLab.Contracts.InProcess;
using IgdLab.Emulator.Scenarios;
using IgdLab.Emulator.World;
using IgdLab.Igd;
using Microsoft.Extensions.Logging;

namespace IgdLab.Emulator.Running;

/// <summary>
/// The world's gateways, one per scenario gateway: a virtual router on its own LAN and WAN loopback addresses, or a
/// real miniupnpd in network namespaces (<see cref="GatewayBackend.Miniupnpd"/>).
/// </summary>
internal sealed class WorldGateways : IAsyncDisposable
{
    private readonly Dictionary<string, IWorldGateway> _gateways = new(StringComparer.Ordinal);

    public WorldGateways(RunSettings settings, TimeProvider clock, AddressPlan addresses, InProcessNetwork lan, ILoggerFactory loggers)
    {
        var simulated = settings.Scenario.Network == WorldNetwork.Simulated;
        foreach (var spec in settings.Scenario.Gateways)
        {
            if (spec.Backend == GatewayBackend.Miniupnpd)
            {
                _gateways[spec.Id] = new MiniupnpdWorldGateway(spec, clock);
                continue;
            }

            var options = new VirtualGatewayOptions
            {
                Id = spec.Id,
                Profile = spec.Profile,
                LanAddress = addresses.Next(),
                WanAddress = addresses.Next(),

                // Each gateway has a LAN address of its own, so every one can serve NAT-PMP and PCP on the real port.
                PortControlPort = PortControlWire.ServerPort,
                Seed = SeedStreams.Derive(settings.Seed, "gateway", spec.Id),

                // A new WAN address comes from the world's own block, so parallel worlds never meet; on the simulated
                // network nothing binds it on the kernel.
                NextWanAddress = _ => addresses.Next(),
                CanBindWanAddress = simulated ? _ => true : settings.CanBindWanAddress,

                // The devices live in this process: forwarded connections go to them without a second loopback hop.
                InProcessNetwork = lan,

                // On the simulated network the WAN ports are offered in memory, where the watchdog and oracle probe them,
                // and so is the router's HTTP, where the devices find their descriptions and send their SOAP requests.
                WanNetwork = simulated ? lan : null,
                ServiceNetwork = simulated ? lan : null,

                // Only the simulated network's WAN link can be impaired (the validator holds links: to it).
                WanLink = simulated ? LinkOf(settings, spec) : null,
            };
            _gateways[spec.Id] = new VirtualWorldGateway(new VirtualGateway(options, clock, loggers), addresses, lan, simulated);
        }
    }

    public IReadOnlyCollection<IWorldGateway> All => _gateways.Values;

    /// <summary>
    /// The WAN link the scenario describes for <paramref name="gateway"/> (its own entry or its group's), with loss and
    /// jitter drawn from a stream of the run's seed of its own; null for a perfect link.
    /// </summary>
    private static WanLinkSettings? LinkOf(RunSettings settings, ScenarioGateway gateway)
    {
        var scenario = settings.Scenario;
        var link = scenario.Links.FirstOrDefault(l => scenario.GatewaysNamed(l.Gateway).Contains(gateway.Id, StringComparer.Ordinal));
        return link is null ? null : link.Impairment with { Seed = SeedStreams.Derive(settings.Seed, "link", gateway.Id) };
    }

    public IWorldGateway this[string id] => _gateways[id];

    /// <summary>
    /// The outside host of a world whose gateway is a real router (the validator allows only one such gateway, alone),
    /// where the watchdog and the oracle must live; null when they live on loopback.
    /// </summary>
    public IWorldGateway? RealRouter => _gateways.Values.FirstOrDefault(g => g.OutsideAddress is not null);

    /// <summary>Where the world's watchdog and oracle may send: loopback, and the outside namespaces created for real routers.</summary>
    public LabNetwork Network => new([.. _gateways.Values.Select(g => g.OutsideNetwork).OfType<IPNetwork>()]);

    public Task StartAsync(CancellationToken cancellationToken) =>
        Task.WhenAll(_gateways.Values.Select(g => g.StartAsync(cancellationToken)));

    public async ValueTask DisposeAsync()
    {
        foreach (var gateway in _gateways.Values)
        {
            await gateway.DisposeAsync();
        }
    }
}
