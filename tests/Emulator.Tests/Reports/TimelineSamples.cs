using System.Net;
using IgdLab.Contracts;
using IgdLab.Contracts.Control;
using IgdLab.Device.Upnp.Soap;
using IgdLab.Emulator.Running;
using IgdLab.Emulator.Scenarios;
using IgdLab.Emulator.Timeline;
using IgdLab.Igd.Events;
using IgdLab.Igd.Faults;
using IgdLab.Igd.Mapping;

namespace IgdLab.Emulator.Tests.Reports;

/// <summary>
/// One timeline event of every kind, each with the kind, gateway, device and detail that the string timeline wrote
/// for it before the timeline was typed (the reports must keep saying exactly that).
/// </summary>
internal static class TimelineSamples
{
    private static readonly TimeSpan At = TimeSpan.FromMilliseconds(15_850);
    private static readonly IPAddress Wan = IPAddress.Parse("127.0.3.2");
    private static readonly IPAddress NewWan = IPAddress.Parse("127.0.3.3");
    private static readonly IPEndPoint Published = new(Wan, 20000);

    public static PortMapping Mapping() => new()
    {
        ExternalPort = 20000,
        Protocol = MappingProtocol.Tcp,
        InternalClient = IPAddress.Parse("127.0.3.10"),
        InternalPort = 20000,
        Description = "igdlab nas",
    };

    public static PlannedFault Planned(ScenarioFault fault, params string[] devices) => new(At, 0, fault, fault.Gateway, devices);

    public static ScenarioFault Fault(GatewayFault fault) => new() { Schedule = new FaultSchedule { At = At }, Gateway = "gw1", Fault = fault };

    /// <summary>(event, kind, gateway, device, detail) as the JSON report writes them.</summary>
    public static IEnumerable<TestCaseData> Written()
    {
        var mapping = Mapping();
        yield return Case(
            new FaultInjected(At, "gw1", Planned(Fault(new DropMapping()), "nas", "tv"), ["nas", "tv"], Unmapped: 1),
            "fault", "gw1", null, "drop-mapping on nas, tv (1 had no mapping); affects 2 devices");
        yield return Case(
            new FaultInjected(At, "gw1", Planned(Fault(new ZombieMapping()), "nas"), ["nas"]),
            "fault", "gw1", null, "zombie-mapping on nas; affects 1 device");
        yield return Case(
            new FaultInjected(At, "gw1", Planned(Fault(new Reboot { Downtime = TimeSpan.FromSeconds(5), NewWanIp = true })), ["nas", "tv"]),
            "fault", "gw1", null, "reboot downtime 00:00:05, new WAN IP; affects 2 devices");
        yield return Case(
            new FaultInjected(At, "gw1", Planned(Fault(new DropAllMappings())), ["nas"]),
            "fault", "gw1", null, "drop-all-mappings; affects 1 device");
        yield return Case(
            new FaultInjected(At, "gw1", Planned(Fault(new SoapError { SoapAction = "AddPortMapping", Code = 718 }) with { Calls = 2 }), []),
            "fault", "gw1", null, "soap-error AddPortMapping -> 718 x2; affects 0 devices");
        yield return Case(
            new FaultInjected(At, "gw1", Planned(Fault(new SoapDelay { Delay = TimeSpan.FromSeconds(2) }) with { For = TimeSpan.FromSeconds(10) }), []),
            "fault", "gw1", null, "soap-delay every action +00:00:02 for 00:00:10; affects 0 devices");
        yield return Case(
            new FaultInjected(At, "gw1", Planned(Fault(new Partition { Direction = PartitionDirection.Inbound }) with { For = TimeSpan.FromSeconds(20) }), ["nas"]),
            "fault", "gw1", null, "partition inbound for 00:00:20; affects 1 device");
        yield return Case(
            new FaultCleared(At, "gw1", Fault(new SoapError()), TimeSpan.FromSeconds(10)),
            "note", "gw1", null, "fault-cleared: soap-error ended after 00:00:10");
        yield return Case(
            new GatewayStarted(At, "gw1", Wan, "description http://127.0.3.1:5000/desc.xml; ssdp 127.0.3.1:1900"),
            "note", "gw1", null, "started: wan 127.0.3.2; description http://127.0.3.1:5000/desc.xml; ssdp 127.0.3.1:1900");
        yield return Case(new GatewayStopped(At, "gw1"), "note", "gw1", null, "stopped: ");
        yield return Case(new MappingAdded(At, "gw1", "nas", mapping), "mapping-added", "gw1", "nas", "20000/Tcp -> 127.0.3.10:20000");
        yield return Case(
            new MappingRemoved(At, "gw1", "nas", mapping, RemovalReason.Dropped),
            "mapping-removed", "gw1", "nas", "20000/Tcp -> 127.0.3.10:20000; dropped");
        yield return Case(
            new MappingRemoved(At, "gw1", "nas", mapping, RemovalReason.Expired),
            "mapping-expired", "gw1", "nas", "20000/Tcp -> 127.0.3.10:20000; expired");
        yield return Case(
            new MappingRemoved(At, "gw1", null, mapping, RemovalReason.IdleCleanup),
            "mapping-removed", "gw1", null, "20000/Tcp -> 127.0.3.10:20000; idlecleanup");
        yield return Case(
            new MappingZombified(At, "gw1", "nas", mapping),
            "note", "gw1", "nas", "mapping-zombified: 20000/Tcp -> 127.0.3.10:20000");
        yield return Case(
            new WanAddressChanged(At, "gw1", NewWan, "from 127.0.3.2"),
            "wan-address-changed", "gw1", null, "wan 127.0.3.3; from 127.0.3.2");
        yield return Case(new RebootStarted(At, "gw1", "downtime 5000 ms"), "note", "gw1", null, "reboot-started: downtime 5000 ms");
        yield return Case(
            new RebootCompleted(At, "gw1", NewWan, "boot id 2; description http://127.0.3.1:5001/desc.xml"),
            "note", "gw1", null, "reboot-completed: wan 127.0.3.3; boot id 2; description http://127.0.3.1:5001/desc.xml");
        yield return Case(new UpnpDisabled(At, "gw1"), "note", "gw1", null, "upnp-disabled: ");
        yield return Case(new UpnpEnabled(At, "gw1"), "note", "gw1", null, "upnp-enabled: ");
        yield return Case(new SoapErrorInjected(At, "gw1", "* -> 501 x1"), "note", "gw1", null, "soap-error-injected: * -> 501 x1");
        yield return Case(new SoapDelayChanged(At, "gw1", "* +2000 ms"), "note", "gw1", null, "soap-delay-changed: * +2000 ms");
        yield return Case(
            new DeviceMapped(At, "gw1", "nas", new MappingResult
            {
                ExternalAddress = Wan,
                ExternalPort = 20000,
                Protocol = MappingProtocol.Tcp,
                InternalEndPoint = new IPEndPoint(IPAddress.Parse("127.0.3.10"), 20000),
                LeaseSeconds = 3600,
            }),
            "note", "gw1", "nas", "mapped: 127.0.3.2:20000 -> 127.0.3.10:20000 Tcp lease 3600");
        yield return Case(
            new MapFailed(At, "gw1", "nas", new InvalidOperationException("718 ConflictInMappingEntry")),
            "note", "gw1", "nas", "map-failed: 718 ConflictInMappingEntry");
        yield return Case(
            new FailureVerdict(At, "nas", ProbeOutcome.Refused, "connection refused"),
            "note", null, "nas", "failure-detected: Refused: connection refused");
        yield return Case(
            new ProbeFailed(At, "nas", Published, new ProbeResult(ProbeOutcome.Refused, null, TimeSpan.FromMilliseconds(1), "connection refused"), 2),
            "probe-failed", null, "nas", "127.0.3.2:20000 Refused (attempt 2): connection refused");
        yield return Case(
            new RemapInstructed(At, "nas", new RemapInstruction("i-1", "Refused: connection refused", "127.0.3.2:20000")),
            "instruction", null, "nas", "i-1: Refused: connection refused");
        yield return Case(
            new RemapInstructed(At, "nas", new RemapInstruction("i-1", "Refused: connection refused", "127.0.3.2:20000"), Again: true),
            "note", null, "nas", "instruction-resent: i-1 on the device's channel, same id: Refused: connection refused");
        yield return Case(
            new MappingReported(At, "nas", new ReportMessage(3, new MappingReport("127.0.3.2", 20001, MappingProtocol.Tcp, "127.0.3.10", 20000, 3600), "i-1")),
            "report", null, "nas", "127.0.3.2:20001 TCP answering i-1");
        yield return Case(
            new MappingReported(At, "nas", new ReportMessage(1, new MappingReport("127.0.3.2", 20000, MappingProtocol.Udp, "127.0.3.10", 20000, 0))),
            "report", null, "nas", "127.0.3.2:20000 UDP");
        yield return Case(new WatchdogRecovered(At, "nas"), "probe-succeeded", null, "nas", "first good probe after the failure");
        yield return Case(
            new RemapFailure(At, "nas", "718 ConflictInMappingEntry", 2),
            "note", null, "nas", "remap-failed: 718 ConflictInMappingEntry (2 in a row)");
        yield return Case(new ChannelOpened(At, "nas"), "note", null, "nas", "channel-open: ");
        yield return Case(new ChannelClosed(At, "nas", "idle"), "note", null, "nas", "channel-closed: idle");
        yield return Case(new ChannelClosed(At, "nas", null), "note", null, "nas", "channel-closed: ");
        yield return Case(
            new GatewaySignalled(At, "nas", new GatewaySignal(GatewaySignalKinds.ExternalAddressChanged, "127.0.3.3")),
            "note", null, "nas", "gateway-signal: external-address-changed 127.0.3.3");
        yield return Case(new DeviceReachable(At, "nas", Published, ProbeOutcome.Ok), "reachable", null, "nas", "127.0.3.2:20000 ok");
        yield return Case(new DeviceUnreachable(At, "nas", Published, ProbeOutcome.Refused), "unreachable", null, "nas", "127.0.3.2:20000 refused");
        yield return Case(new DeviceUnreachable(At, "nas", null, null), "unreachable", null, "nas", "no endpoint published");
        yield return Case(
            new MappingLeaked(At, "gw1", mapping),
            "note", null, null, "leaked mapping: gw1 20000/Tcp -> 127.0.3.10:20000 \"igdlab nas\"");
        yield return Case(new WrittenEvent(At, TimelineEventKind.Note, "gw<1>", "nas", "<b>bold</b>"), "note", "gw<1>", "nas", "<b>bold</b>");
    }

    private static TestCaseData Case(TimelineEvent timelineEvent, string kind, string? gateway, string? device, string detail) =>
        new TestCaseData(timelineEvent, kind, gateway, device, detail).SetArgDisplayNames($"{timelineEvent.GetType().Name} {detail}");
}
