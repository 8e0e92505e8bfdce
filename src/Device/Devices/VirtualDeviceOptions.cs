using System.Net;
using IgdLab.Contracts.InProcess;
using IgdLab.Device.PortControl;
using IgdLab.Device.Upnp.Soap;

namespace IgdLab.Device.Devices;

/// <summary>One virtual intranet device: its identity, its service, and how it keeps its mapping.</summary>
public sealed record VirtualDeviceOptions
{
    /// <summary>The device id the identity handshake proves.</summary>
    public required string Id { get; init; }

    /// <summary>The device's handshake key.</summary>
    public required ReadOnlyMemory<byte> Key { get; init; }

    /// <summary>The device's own loopback (LAN) address: its service listens there and its UPnP requests come from there.</summary>
    public required IPAddress Address { get; init; }

    /// <summary>A human name (fleet metadata).</summary>
    /// <value>The default is the <see cref="Id"/>.</value>
    public string? Name { get; init; }

    /// <summary>The device kind (fleet metadata).</summary>
    /// <value>The default is <see cref="DeviceKind.Pc"/>.</value>
    public DeviceKind Kind { get; init; } = DeviceKind.Pc;

    /// <summary>The device's MAC address (fleet metadata), e.g. <c>00:11:32:ab:cd:ef</c>.</summary>
    public string? Mac { get; init; }

    /// <summary>The service's port on <see cref="Address"/>.</summary>
    /// <value>The default is 0: an ephemeral port.</value>
    public int ServicePort { get; init; }

    /// <summary>
    /// The in-process LAN a TCP service is offered on instead of a kernel listener, when the device's router lives in
    /// the same process (an emulator world); null listens on the kernel.
    /// </summary>
    public IInProcessNetwork? InProcessNetwork { get; init; }

    /// <summary>The service's protocol; UDP services also answer the handshake over TCP on the same port.</summary>
    /// <value>The default is TCP.</value>
    public MappingProtocol Protocol { get; init; } = MappingProtocol.Tcp;

    /// <summary>The external port wanted; another one is accepted when it is taken.</summary>
    /// <value>The default is null: the same as the service port.</value>
    public int? ExternalPort { get; init; }

    /// <summary>The protocol the device maps with.</summary>
    /// <value>The default is <see cref="MappingMethod.Upnp"/>.</value>
    public MappingMethod Mapping { get; init; } = MappingMethod.Upnp;

    /// <summary>The gateway's NAT-PMP/PCP endpoint (UDP 5351 of its LAN address), needed by every method but UPnP.</summary>
    /// <value>The default is null: only UPnP is possible (<see cref="MappingMethod.Auto"/> then means UPnP).</value>
    public IPEndPoint? PortControlGateway { get; init; }

    /// <summary>The NAT-PMP/PCP retransmission schedule.</summary>
    /// <value>The default is null: the protocol's RFC schedule (<see cref="PortControlClientOptions.NatPmp"/>, <see cref="PortControlClientOptions.Pcp"/>).</value>
    public PortControlClientOptions? PortControl { get; init; }

    /// <summary>The strategies that keep the mapping.</summary>
    /// <value>The default is <see cref="MappingStrategyKinds.Watchdog"/>.</value>
    public MappingStrategyKinds Strategies { get; init; } = MappingStrategyKinds.Watchdog;

    /// <summary>The lease to ask for.</summary>
    /// <value>The default is null: <see cref="RenewStrategyOptions.Lease"/> when renewing, else one hour.</value>
    public TimeSpan? Lease { get; init; }

    /// <summary>Settings of the renew strategy.</summary>
    public RenewStrategyOptions Renew { get; init; } = new();

    /// <summary>Settings of the poll strategy.</summary>
    public PollStrategyOptions Poll { get; init; } = new();

    /// <summary>Settings of the events strategy.</summary>
    public EventsStrategyOptions Events { get; init; } = new();

    /// <summary>
    /// How a device kept by the watchdog watches for its gateway's return after a failed remap. While the watch is on,
    /// the SOAP client does not retry 501 ActionFailed itself (<see cref="UpnpClientOptions.ActionFailedRetryCount"/>
    /// is taken as 0): the watch retries the action at its own pace.
    /// </summary>
    public RestoreWatchOptions Restore { get; init; } = new();

    /// <summary>SOAP client settings; <see cref="UpnpClientOptions.LocalAddress"/> is always replaced by <see cref="Address"/>.</summary>
    public UpnpClientOptions? Client { get; init; }

    /// <summary>The lease in seconds this device asks for.</summary>
    public uint LeaseSeconds => (uint)(Lease ?? (Strategies.HasFlag(MappingStrategyKinds.Renew) ? Renew.Lease : TimeSpan.FromHours(1))).TotalSeconds;
}
