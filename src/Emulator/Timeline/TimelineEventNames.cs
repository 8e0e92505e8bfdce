using System.Text.Json;
using static IgdLab.Emulator.Timeline.TimelineEventKind;

namespace IgdLab.Emulator.Timeline;

/// <summary>
/// The one name table of the timeline: each event kind's wire name (kebab case) and the kind the reports list it
/// under. Adding a kind means one record and one row here (and its words in the report writers' formatter).
/// </summary>
public static class TimelineEventNames
{
    /// <summary>The name of <paramref name="timelineEvent"/>'s kind and the report kind it is listed under.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A record this table has no row for.</exception>
    public static TimelineEventName Of(TimelineEvent timelineEvent) => timelineEvent switch
    {
        FaultInjected => new("fault", Fault),
        FaultCleared => new("fault-cleared", Note),
        GatewayStarted => new("started", Note),
        GatewayStopped => new("stopped", Note),
        MappingAdded => new("mapping-added", TimelineEventKind.MappingAdded),
        MappingRemoved { IsExpiry: true } => new("mapping-removed", MappingExpired),
        MappingRemoved => new("mapping-removed", TimelineEventKind.MappingRemoved),
        MappingZombified => new("mapping-zombified", Note),
        WanAddressChanged => new("wan-address-changed", TimelineEventKind.WanAddressChanged),
        RebootStarted => new("reboot-started", Note),
        RebootCompleted => new("reboot-completed", Note),
        UpnpDisabled => new("upnp-disabled", Note),
        UpnpEnabled => new("upnp-enabled", Note),
        SoapErrorInjected => new("soap-error-injected", Note),
        SoapDelayChanged => new("soap-delay-changed", Note),
        DeviceMapped => new("mapped", Note),
        MapFailed => new("map-failed", Note),
        FailureVerdict => new("failure-detected", Note),
        ProbeFailed => new("probe-failed", TimelineEventKind.ProbeFailed),
        RemapInstructed { Again: true } => new("instruction-resent", Note),
        RemapInstructed => new("instruction", Instruction),
        MappingReported => new("report", Report),
        WatchdogRecovered => new("recovered", ProbeSucceeded),
        RemapFailure => new("remap-failed", Note),
        ChannelOpened => new("channel-open", Note),
        ChannelClosed => new("channel-closed", Note),
        GatewaySignalled => new("gateway-signal", Note),
        DeviceReachable => new("reachable", Reachable),
        DeviceUnreachable => new("unreachable", Unreachable),
        MappingLeaked => new("leaked-mapping", Note),
        WrittenEvent written => new(Listed(written.Kind), written.Kind),
        _ => throw new ArgumentOutOfRangeException(nameof(timelineEvent), timelineEvent.GetType().Name, "a timeline event without a row in the name table"),
    };

    /// <summary>A report kind as the reports write it: <c>mapping-added</c>, <c>probe-succeeded</c>, <c>note</c>.</summary>
    public static string Listed(TimelineEventKind kind) => JsonNamingPolicy.KebabCaseLower.ConvertName(kind.ToString());
}
