using IgdLab.Emulator.World;
using IgdLab.Igd;
using Microsoft.Extensions.Logging;

namespace IgdLab.Emulator.Running;

/// <summary>The world's virtual routers, one per scenario gateway, each on its own LAN and WAN loopback addresses.</summary>
internal sealed class WorldGateways : IAsyncDisposable
{
    private readonly Dictionary<string, VirtualGateway> _gateways = new(StringComparer.Ordinal);

    public WorldGateways(RunSettings settings, TimeProvider clock, AddressPlan addresses, ILoggerFactory loggers)
    {
        foreach (var spec in settings.Scenario.Gateways)
        {
            var options = new VirtualGatewayOptions
            {
                Id = spec.Id,
                Profile = spec.Profile,
                LanAddress = addresses.Next(),
                WanAddress = addresses.Next(),

                // Each gateway has a LAN address of its own, so every one can serve NAT-PMP and PCP on the real port.
                PortControlPort = PortControlWire.ServerPort,
                Seed = SeedStreams.Derive(settings.Seed, "gateway", spec.Id),

                // A new WAN address comes from the world's own block, so parallel worlds never meet.
                NextWanAddress = _ => addresses.Next(),
                CanBindWanAddress = settings.CanBindWanAddress,
            };
            _gateways[spec.Id] = new VirtualGateway(options, clock, loggers);
        }
    }

    public IReadOnlyCollection<VirtualGateway> All => _gateways.Values;

    public VirtualGateway this[string id] => _gateways[id];

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
