using System.Net;
using IgdLab.Contracts.InProcess;
using IgdLab.Igd.Events;
using IgdLab.Igd.Faults;
using IgdLab.Igd.Mapping;

namespace IgdLab.Emulator.Running;

/// <summary>
/// One gateway of a world as the runner sees it, whatever plays it: the virtual router on loopback or a real
/// miniupnpd in network namespaces. It also says which network its LAN side (devices) and WAN side (watchdog and
/// oracle) are in, so those actors can be started there.
/// </summary>
internal interface IWorldGateway : IAsyncDisposable
{
    /// <summary>The scenario's id for it.</summary>
    string Id { get; }

    /// <summary>Its LAN address (NAT-PMP and PCP on port 5351).</summary>
    IPAddress LanAddress { get; }

    /// <summary>Where devices send their unicast SSDP search.</summary>
    IPEndPoint SsdpEndPoint { get; }

    /// <summary>
    /// How long, in wall time, a device's search waits for this gateway's answer: the virtual router answers at once,
    /// a real one answers a burst of searches one reply after another.
    /// </summary>
    TimeSpan SearchTimeout { get; }

    /// <summary>SOAP requests answered so far (0 where the gateway does not count them).</summary>
    long ControlRequests { get; }

    /// <summary>Its table's events, or null where the gateway publishes none (a real daemon).</summary>
    GatewayEventLog? Events { get; }

    /// <summary>The outside host's address (the watchdog's and the oracle's), or null when they live on loopback.</summary>
    IPAddress? OutsideAddress { get; }

    /// <summary>
    /// The network of the outside namespace IgdLab created for it, where the watchdog and the oracle may send; null when
    /// they live on loopback.
    /// </summary>
    IPNetwork? OutsideNetwork { get; }

    /// <summary>
    /// Whether an outside host can reach its mappings at all: false behind a carrier-grade NAT, where no strategy can,
    /// so the world does not wait for the watchdog to find its devices healthy before the scenario starts.
    /// </summary>
    bool ReachableFromOutside { get; }

    /// <summary>
    /// The in-process LAN its devices offer their TCP services on (the virtual router hands forwarded connections to
    /// them directly), or null where devices listen on the kernel (a real router forwards to them).
    /// </summary>
    IInProcessNetwork? Lan { get; }

    /// <summary>The next address for a device behind it.</summary>
    IPAddress NextDeviceAddress();

    /// <summary>Makes the sockets of this flow belong to its LAN, until disposed (nothing to do on loopback).</summary>
    IDisposable EnterLan();

    /// <summary>Makes the sockets of this flow belong to its WAN's outside host, until disposed (nothing to do on loopback).</summary>
    IDisposable EnterOutside();

    Task StartAsync(CancellationToken cancellationToken);

    /// <summary>The mappings its table holds now.</summary>
    Task<IReadOnlyList<PortMapping>> MappingsAsync();

    /// <summary>Carries out <paramref name="fault"/>; a reboot returns once the gateway is back.</summary>
    /// <exception cref="FaultRejectedException">The gateway cannot carry it out.</exception>
    Task<FaultOutcome> ApplyFaultAsync(GatewayFault fault, CancellationToken cancellationToken);
}
