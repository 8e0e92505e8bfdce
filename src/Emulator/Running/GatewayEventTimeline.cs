using IgdLab.Emulator.Timeline;
using IgdLab.Igd.Events;

namespace IgdLab.Emulator.Running;

/// <summary>Translates a virtual router's <see cref="GatewayEvent"/> into the timeline's typed event of its kind.</summary>
internal static class GatewayEventTimeline
{
    /// <summary>
    /// The timeline event for <paramref name="gatewayEvent"/>, or null for kinds kept out of the timeline: renewals
    /// and served SOAP faults are frequent and implied by other entries.
    /// </summary>
    /// <param name="gatewayEvent">The gateway's event.</param>
    /// <param name="at">Its time in scenario time since the start.</param>
    /// <param name="device">The device its mapping forwards to, when a device of the world has that address.</param>
    public static TimelineEvent? From(GatewayEvent gatewayEvent, TimeSpan at, string? device)
    {
        ArgumentNullException.ThrowIfNull(gatewayEvent);
        var gateway = gatewayEvent.Gateway;
        var note = gatewayEvent.Detail;
        return gatewayEvent.Kind switch
        {
            GatewayEventKind.Started => new GatewayStarted(at, gateway, gatewayEvent.WanAddress, note),
            GatewayEventKind.Stopped => new GatewayStopped(at, gateway),
            GatewayEventKind.MappingAdded when gatewayEvent.Mapping is { } mapping => new MappingAdded(at, gateway, device, mapping),
            GatewayEventKind.MappingRemoved when gatewayEvent is { Mapping: { } mapping, Reason: { } reason } =>
                new MappingRemoved(at, gateway, device, mapping, reason),
            GatewayEventKind.MappingZombified when gatewayEvent.Mapping is { } mapping => new MappingZombified(at, gateway, device, mapping, gatewayEvent.Reason),
            GatewayEventKind.WanAddressChanged => new WanAddressChanged(at, gateway, gatewayEvent.WanAddress, note),
            GatewayEventKind.RebootStarted => new RebootStarted(at, gateway, note),
            GatewayEventKind.RebootCompleted => new RebootCompleted(at, gateway, gatewayEvent.WanAddress, note),
            GatewayEventKind.UpnpDisabled => new UpnpDisabled(at, gateway),
            GatewayEventKind.UpnpEnabled => new UpnpEnabled(at, gateway),
            GatewayEventKind.SoapErrorInjected => new SoapErrorInjected(at, gateway, note),
            GatewayEventKind.SoapDelayChanged => new SoapDelayChanged(at, gateway, note),
            _ => null,
        };
    }
}
