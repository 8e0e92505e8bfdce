using System.Net;
using IgdLab.Igd.Mapping;

namespace IgdLab.Igd.Faults;

/// <summary>
/// A fault as its text forms write it (<c>{"action":"soap-error","code":718}</c>): the action's wire name and every
/// setting any fault takes. Edges read text into this once; <see cref="GatewayFaultNames.TryCreate"/> turns it into
/// the typed <see cref="GatewayFault"/>, taking the settings that kind uses and ignoring the others.
/// </summary>
public sealed record FaultSettings
{
    /// <summary>The wire name, one of <see cref="GatewayFaultNames.Names"/>.</summary>
    public required string Action { get; init; }

    /// <summary>For drop-mapping and zombie-mapping: the external port; null picks one at random (seeded).</summary>
    public int? Port { get; init; }

    /// <summary>For drop-mapping and zombie-mapping: the protocol.</summary>
    /// <value>The default is TCP.</value>
    public MappingProtocol Protocol { get; init; } = MappingProtocol.Tcp;

    /// <summary>For soap-error and soap-delay: the SOAP action affected; null for every action.</summary>
    public string? SoapAction { get; init; }

    /// <summary>For soap-error: the UPnP error code.</summary>
    /// <value>The default is 501.</value>
    public int Code { get; init; } = UpnpErrorCode.ActionFailed;

    /// <summary>For soap-error: how many calls fail.</summary>
    /// <value>The default is 1.</value>
    public int Count { get; init; } = 1;

    /// <summary>For soap-delay: the delay before each answer (zero clears it).</summary>
    public TimeSpan Delay { get; init; }

    /// <summary>For reboot: how long the router stays down.</summary>
    public TimeSpan Downtime { get; init; }

    /// <summary>For reboot: whether it comes back with a new WAN address.</summary>
    public bool NewWanIp { get; init; }

    /// <summary>For change-wan-ip and reboot: the new WAN address; null takes the next one.</summary>
    public IPAddress? WanAddress { get; init; }

    /// <summary>For reboot: whether the HTTP port changes; null follows the profile.</summary>
    public bool? NewHttpPort { get; init; }

    /// <summary>For partition: which way the WAN link is cut.</summary>
    /// <value>The default is <see cref="PartitionDirection.Both"/>.</value>
    public PartitionDirection Direction { get; init; } = PartitionDirection.Both;
}
