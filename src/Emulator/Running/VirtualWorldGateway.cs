using System.Net;
using IgdLab.Contracts;
using IgdLab.Contracts.InProcess;
using IgdLab.Emulator.World;
using IgdLab.Igd;
using IgdLab.Igd.Events;
using IgdLab.Igd.Faults;
using IgdLab.Igd.Mapping;
using IgdLab.Igd.Profiles;

namespace IgdLab.Emulator.Running;

/// <summary>
/// A world gateway played by IgdLab's virtual router, with every actor on the world's loopback addresses; on the
/// simulated network (<paramref name="simulated"/>) its LAN is the world's in-process network, which the devices enter.
/// </summary>
internal sealed class VirtualWorldGateway(VirtualGateway gateway, AddressPlan addresses, InProcessNetwork lan, bool simulated) : IWorldGateway
{
    public string Id => gateway.Id;

    public IPAddress LanAddress => gateway.LanAddress;

    public IPEndPoint SsdpEndPoint => gateway.SsdpEndPoint;

    // A unicast search is answered at once by a router that is up; waiting longer only delays a device whose router
    // is down (its remap waits out the search), and this bound is wall time whatever the scenario's time scale.
    public TimeSpan SearchTimeout => TimeSpan.FromSeconds(1);

    public long ControlRequests => gateway.ControlRequests;

    public GatewayEventLog? Events => gateway.Events;

    public IPAddress? OutsideAddress => null;

    public IPNetwork? OutsideNetwork => null;

    public bool ReachableFromOutside => gateway.Profile.WanSide != WanSide.Cgnat;

    public IInProcessNetwork? InProcessNetwork => lan;

    public IPAddress NextDeviceAddress() => addresses.Next();

    public IDisposable EnterLan() => simulated ? NetworkScope.EnterInProcess(lan) : NoScope.Instance;

    public IDisposable EnterOutside() => NoScope.Instance;

    public Task StartAsync(CancellationToken cancellationToken) => gateway.StartAsync(cancellationToken);

    public Task<IReadOnlyList<PortMapping>> MappingsAsync() => Task.FromResult(gateway.Mappings);

    public Task<FaultOutcome> ApplyFaultAsync(GatewayFault fault, CancellationToken cancellationToken) => gateway.ApplyFaultAsync(fault, cancellationToken);

    public ValueTask DisposeAsync() => gateway.DisposeAsync();

    private sealed class NoScope : IDisposable
    {
        public static readonly NoScope Instance = new();

        public void Dispose()
        {
        }
    }
}
