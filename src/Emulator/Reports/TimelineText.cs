using System.Globalization;
using System.Net;
using IgdLab.Emulator.Scenarios;
using IgdLab.Emulator.Timeline;
using IgdLab.Igd.Faults;
using IgdLab.Igd.Mapping;

namespace IgdLab.Emulator.Reports;

/// <summary>
/// Puts timeline events into words for the report writers (JSON, HTML) and the live progress line: the only place
/// where a typed event becomes text. A kind the reports have no column for becomes a note whose detail starts with
/// its own kind's name, e.g. <c>channel-closed: idle</c>.
/// </summary>
internal static class TimelineText
{
    /// <summary>The kind the reports list <paramref name="timelineEvent"/> under.</summary>
    public static TimelineEventKind Kind(TimelineEvent timelineEvent) => TimelineEventNames.Of(timelineEvent).ListedAs;

    /// <summary>The report's detail column for <paramref name="timelineEvent"/>.</summary>
    public static string? Detail(TimelineEvent timelineEvent) => timelineEvent switch
    {
        FaultInjected fault => Fault(fault),
        FaultCleared cleared => Note(cleared, $"{ActionName(cleared.Fault)} ended after {cleared.Lasted}"),
        GatewayStarted started => Note(started, Parts(Wan(started.WanAddress), started.Note)),
        GatewayStopped stopped => Note(stopped, ""),
        MappingAdded added => Mapping(added.Mapping),
        MappingRemoved removed => Parts(Mapping(removed.Mapping), removed.Reason.ToString().ToLowerInvariant()),
        MappingZombified zombie => Note(zombie, Mapping(zombie.Mapping)),
        WanAddressChanged changed => Parts(Wan(changed.WanAddress), changed.Note),
        RebootStarted reboot => Note(reboot, reboot.Note),
        RebootCompleted reboot => Note(reboot, Parts(Wan(reboot.WanAddress), reboot.Note)),
        UpnpDisabled disabled => Note(disabled, ""),
        UpnpEnabled enabled => Note(enabled, ""),
        SoapErrorInjected error => Note(error, error.Note),
        SoapDelayChanged delay => Note(delay, delay.Note),
        DeviceMapped mapped => Note(mapped, $"{mapped.Result.ExternalEndPoint} -> {mapped.Result.InternalEndPoint} {mapped.Result.Protocol} lease {mapped.Result.LeaseSeconds}"),
        MapFailed failed => Note(failed, failed.Error.Message),
        FailureVerdict verdict => Note(verdict, $"{verdict.Outcome}: {verdict.ProbeDetail}"),
        ProbeFailed probe => $"{probe.Target} {probe.Result.Outcome} (attempt {probe.Attempt}): {probe.Result.Detail}",
        RemapInstructed { Again: true } again => Note(again, $"{again.Instruction.InstructionId} on the device's channel, same id: {again.Instruction.Reason}"),
        RemapInstructed instructed => $"{instructed.Instruction.InstructionId}: {instructed.Instruction.Reason}",
        MappingReported reported => Report(reported),
        WatchdogRecovered => "first good probe after the failure",
        RemapFailure failure => Note(failure, $"{failure.Reason} ({failure.ConsecutiveFailures} in a row)"),
        ChannelOpened opened => Note(opened, ""),
        ChannelClosed closed => Note(closed, closed.Reason ?? ""),
        GatewaySignalled signalled => Note(signalled, $"{signalled.Signal.Kind} {signalled.Signal.Detail}"),
        DeviceReachable reachable => Check(reachable.Endpoint, reachable.Outcome),
        DeviceUnreachable unreachable => Check(unreachable.Endpoint, unreachable.Outcome),
        MappingLeaked leaked => $"leaked mapping: {leaked.LeakedOn} {Mapping(leaked.Mapping)} \"{leaked.Mapping.Description}\"",
        WrittenEvent written => written.Detail,
        _ => throw new ArgumentOutOfRangeException(nameof(timelineEvent), timelineEvent.GetType().Name, "a timeline event without words"),
    };

    /// <summary>The live progress line for a notable event, e.g. <c>15.0s drop-mapping on gw1</c>.</summary>
    public static string ProgressLine(TimelineEvent timelineEvent) => timelineEvent switch
    {
        FaultInjected { Gateway: null } fault => string.Create(CultureInfo.InvariantCulture, $"{fault.At.TotalSeconds:0.0}s {Fault(fault)}"),
        FaultInjected fault => string.Create(CultureInfo.InvariantCulture, $"{fault.At.TotalSeconds:0.0}s {ActionName(fault.Planned.Fault)} on {fault.Gateway}"),
        DeviceReachable reachable => string.Create(CultureInfo.InvariantCulture, $"{reachable.At.TotalSeconds:0.0}s {reachable.Device} reachable again"),
        DeviceUnreachable unreachable => string.Create(CultureInfo.InvariantCulture, $"{unreachable.At.TotalSeconds:0.0}s {unreachable.Device} unreachable"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{timelineEvent.At.TotalSeconds:0.0}s {TimelineEventNames.Of(timelineEvent).Name}"),
    };

    /// <summary>
    /// A fault in words: its action, its parameters, and how many devices it can break, e.g.
    /// <c>reboot downtime 00:00:05, new WAN IP; affects 3 devices</c>. The one place a fault action becomes text.
    /// </summary>
    public static string Fault(FaultInjected fault)
    {
        var planned = fault.Planned;
        var entry = planned.Fault;
        if (entry.Prober is { } prober)
        {
            var stopped = fault.Instance is { } instance
                ? $"instance {instance} ({CountText.Of(fault.InstanceDevices, "device")} its own)"
                : prober.Instance is { } named ? $"instance {named}, which was not running" : "no instance, as none was running";
            var back = prober.Downtime is { } downtime ? $", back after {downtime}" : prober.Kill ? ", not back" : ", back at once";
            return $"{ActionName(entry)} {stopped}{(fault.Instance is null ? "" : back)}";
        }

        var parameters = entry.Fault switch
        {
            MappingFault =>
                $"on {string.Join(", ", planned.Devices)}{(fault.Unmapped > 0 ? $" ({fault.Unmapped} had no mapping)" : "")}",
            Reboot reboot => $"downtime {reboot.Downtime}{(reboot.NewWanIp ? ", new WAN IP" : "")}{(reboot.NewHttpPort == true ? ", new HTTP port" : "")}",
            SoapError error => $"{error.SoapAction ?? "every action"} -> {error.Code}{(entry.Calls is { } calls ? $" x{calls}" : "")}{(entry.For is { } span ? $" for {span}" : "")}",
            SoapDelay delay => $"{delay.SoapAction ?? "every action"} +{delay.Delay}{(entry.For is { } span ? $" for {span}" : "")}",
            Partition partition => $"{ScenarioVocabulary.PartitionDirections.First(d => d.Value == partition.Direction).Key}{(entry.For is { } span ? $" for {span}" : "")}",
            _ => "",
        };
        return $"{ActionName(entry)}{(parameters.Length > 0 ? " " + parameters : "")}; affects {CountText.Of(fault.Affected.Count, "device")}";
    }

    private static string ActionName(Scenarios.ScenarioFault fault) => fault.Action;

    private static string Note(TimelineEvent timelineEvent, string body) => $"{TimelineEventNames.Of(timelineEvent).Name}: {body}";

    private static string Mapping(PortMapping mapping) =>
        $"{mapping.ExternalPort}/{mapping.Protocol} -> {mapping.InternalClient}:{mapping.InternalPort}";

    private static string? Wan(IPAddress? address) => address is null ? null : $"wan {address}";

    // The parts a gateway event is told in, those present only, as the timeline always joined them.
    private static string Parts(params string?[] parts) => string.Join("; ", parts.Where(p => !string.IsNullOrEmpty(p)));

    private static string Report(MappingReported reported)
    {
        var mapping = reported.Report.Mapping;
        return $"{mapping.ExternalAddress}:{mapping.ExternalPort} {mapping.Protocol.ToUpnp()}{(reported.Report.InstructionId is { } id ? " answering " + id : "")}";
    }

    private static string Check(IPEndPoint? endpoint, Contracts.ProbeOutcome? outcome) =>
        endpoint is null ? "no endpoint published" : $"{endpoint} {outcome?.ToString().ToLowerInvariant()}";
}
