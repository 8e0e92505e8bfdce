using System.Net;
using IgdLab.Igd.Mapping;

namespace IgdLab.Igd.Events;

/// <summary>A timestamped state change or fault of one virtual router; the emulator's timeline and oracle consume these.</summary>
public sealed record GatewayEvent
{
    /// <summary>When it happened, from the gateway's <see cref="TimeProvider"/>.</summary>
    public required DateTimeOffset Timestamp { get; init; }

    /// <summary>The gateway's id.</summary>
    public required string Gateway { get; init; }

    /// <summary>What happened.</summary>
    public required GatewayEventKind Kind { get; init; }

    /// <summary>The mapping concerned, for mapping events.</summary>
    public PortMapping? Mapping { get; init; }

    /// <summary>Why a mapping went away, for <see cref="GatewayEventKind.MappingRemoved"/>.</summary>
    public RemovalReason? Reason { get; init; }

    /// <summary>The WAN address after the event (for WAN changes and boots).</summary>
    public IPAddress? WanAddress { get; init; }

    /// <summary>Free text: the fault's parameters, the old address, and so on.</summary>
    public string Detail { get; init; } = "";
}

/// <summary>The kinds of gateway event.</summary>
public enum GatewayEventKind
{
    Started,
    Stopped,
    MappingAdded,
    MappingRenewed,
    MappingRemoved,
    MappingZombified,
    WanAddressChanged,
    RebootStarted,
    RebootCompleted,
    UpnpDisabled,
    UpnpEnabled,
    SoapErrorInjected,
    SoapDelayChanged,
    SoapFaultServed,
}

/// <summary>Why a mapping left the table.</summary>
public enum RemovalReason
{
    /// <summary>A client deleted it (DeletePortMapping or DeletePortMappingRange).</summary>
    Deleted,

    /// <summary>Its lease ran out.</summary>
    Expired,

    /// <summary>A fault dropped it.</summary>
    Dropped,

    /// <summary>The router rebooted and lost its table.</summary>
    Reboot,

    /// <summary>The idle-rule cleanup deleted it.</summary>
    IdleCleanup,

    /// <summary>The WAN address changed and the router's profile drops mappings then (<c>wanChange.keepMappings: false</c>).</summary>
    WanChange,

    /// <summary>
    /// For a zombie (still listed, no longer forwarding): the router's firmware stopped forwarding it on its own
    /// (<c>zombieAfterSeconds</c>), not a fault.
    /// </summary>
    Aged,
}
