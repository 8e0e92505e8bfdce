using System.Collections.Concurrent;
using System.Net;
using IgdLab.Device.Upnp.Soap;
using IgdLab.Emulator.Measuring;
using IgdLab.Igd.Events;
using IgdLab.Igd.Mapping;
using IgdLab.Prober;

namespace IgdLab.Emulator.Running;

/// <summary>
/// Listens to every actor of a world — gateways, watchdog, devices, oracle, fault executor — and keeps the timeline and
/// the raw observations the figures are computed from. Thread-safe.
/// </summary>
internal sealed class RunRecorder
{
    private readonly RunTimeline _timeline;
    private readonly WorldGateways _gateways;
    private readonly WorldWatchdog _watchdog;
    private readonly Dictionary<IPAddress, WorldDevice> _byAddress;
    private readonly ConcurrentQueue<FaultObservation> _faults = new();
    private readonly ConcurrentQueue<CheckObservation> _checks = new();
    private readonly ConcurrentQueue<DeviceAct> _detections = new();
    private readonly ConcurrentQueue<DeviceAct> _instructions = new();
    private readonly ConcurrentQueue<DeviceAct> _breakages = new();
    private readonly ConcurrentQueue<DeviceAct> _remaps = new();
    private readonly ConcurrentDictionary<string, bool> _reachable = new(StringComparer.Ordinal);
    private readonly List<Action> _detach = [];

    public RunRecorder(RunTimeline timeline, WorldGateways gateways, WorldWatchdog watchdog, WorldDevices devices)
    {
        _timeline = timeline;
        _gateways = gateways;
        _watchdog = watchdog;
        _byAddress = devices.All.ToDictionary(d => d.Address);
    }

    /// <summary>The gateway removed a device's mapping on its own (lease expiry, idle cleanup): the oracle should look now.</summary>
    public event Action<string>? Breakage;

    /// <summary>A line for live progress: a fault carried out, a device reachable again.</summary>
    public event Action<string>? Notable;

    /// <summary>The devices' mapping results after the start (initial maps excluded).</summary>
    public IReadOnlyList<DeviceAct> Remaps => [.. _remaps.OrderBy(r => r.At)];

    /// <summary>Starts listening.</summary>
    public void Attach()
    {
        foreach (var gateway in _gateways.All)
        {
            Action<GatewayEvent> handler = OnGatewayEvent;
            gateway.Events.Published += handler;
            _detach.Add(() => gateway.Events.Published -= handler);
        }

        if (_watchdog.Server is { } server)
        {
            EventHandler<WatchdogEvent> handler = OnWatchdogEvent;
            server.EventRaised += handler;
            _detach.Add(() => server.EventRaised -= handler);
        }

        foreach (var device in _byAddress.Values)
        {
            Action<MappingResult> changed = result => OnMapped(device, result);
            Action<Exception> failed = error => _timeline.AddNow("map-failed", device.Gateway, device.Id, error.Message);
            device.Device.MappingChanged += changed;
            device.Device.MappingFailed += failed;
            _detach.Add(() =>
            {
                device.Device.MappingChanged -= changed;
                device.Device.MappingFailed -= failed;
            });
        }
    }

    /// <summary>Stops listening.</summary>
    public void Detach()
    {
        foreach (var detach in _detach)
        {
            detach();
        }

        _detach.Clear();
    }

    /// <summary>Records a fault as carried out.</summary>
    public void RecordFault(FaultObservation fault, string detail)
    {
        _faults.Enqueue(fault);
        _timeline.Add(fault.At, "fault", fault.Gateway, null, $"{fault.Action}{(detail.Length > 0 ? " " + detail : "")}; affects {fault.Affected.Count} device(s)");
        Notable?.Invoke($"{fault.At.TotalSeconds:0.0}s {fault.Action} on {fault.Gateway}");
    }

    /// <summary>Records an oracle check; the timeline gets only changes of reachability.</summary>
    public void RecordCheck(CheckObservation check)
    {
        _checks.Enqueue(check);
        var previous = _reachable.GetValueOrDefault(check.Device, true);
        if (previous != check.Reachable)
        {
            _reachable[check.Device] = check.Reachable;
            _timeline.Add(check.At, check.Reachable ? "reachable" : "unreachable", null, check.Device, check.Detail);
            Notable?.Invoke($"{check.At.TotalSeconds:0.0}s {check.Device} {(check.Reachable ? "reachable again" : "unreachable")}");
        }
    }

    /// <summary>Everything observed so far.</summary>
    public RunObservations Observations() => new()
    {
        Faults = [.. _faults.OrderBy(f => f.At)],
        Checks = [.. _checks.OrderBy(c => c.At)],
        Detections = [.. _detections.OrderBy(d => d.At)],
        Instructions = [.. _instructions.OrderBy(i => i.At)],
        Breakages = [.. _breakages.OrderBy(b => b.At)],
    };

    private void OnMapped(WorldDevice device, MappingResult result)
    {
        var at = _timeline.Now;
        _remaps.Enqueue(new DeviceAct(at, device.Id));
        _timeline.Add(at, "mapped", device.Gateway, device.Id, $"{result.ExternalEndPoint} -> {result.InternalEndPoint} {result.Protocol} lease {result.LeaseSeconds}");
    }

    private void OnGatewayEvent(GatewayEvent e)
    {
        var at = _timeline.Relative(e.Timestamp);
        var device = e.Mapping is { } mapping && _byAddress.TryGetValue(mapping.InternalClient, out var owner) ? owner : null;
        switch (e.Kind)
        {
            case GatewayEventKind.MappingAdded or GatewayEventKind.MappingRenewed when device is not null:
                // The device acted: for strategies without a watchdog, this is when the system responded to a breakage.
                _detections.Enqueue(new DeviceAct(at, device.Id));
                if (e.Kind == GatewayEventKind.MappingRenewed)
                {
                    return; // frequent with the renew strategy; the renewal itself changes nothing worth a line
                }

                break;
            case GatewayEventKind.MappingRemoved when device is not null && e.Reason is RemovalReason.Expired or RemovalReason.IdleCleanup:
                _breakages.Enqueue(new DeviceAct(at, device.Id));
                Breakage?.Invoke(device.Id);
                break;
            case GatewayEventKind.SoapFaultServed or GatewayEventKind.MappingRenewed:
                return; // frequent and implied by other entries; kept out of the timeline
        }

        _timeline.Add(at, Kebab(e.Kind.ToString()), e.Gateway, device?.Id, Describe(e));
    }

    private void OnWatchdogEvent(object? sender, WatchdogEvent e)
    {
        var at = _timeline.Relative(e.At);
        switch (e)
        {
            case FailureDetected failure:
                _detections.Enqueue(new DeviceAct(at, e.DeviceId));
                _timeline.Add(at, "failure-detected", null, e.DeviceId, $"{failure.Outcome}: {failure.Detail}");
                break;
            case InstructionSent instruction:
                _instructions.Enqueue(new DeviceAct(at, e.DeviceId));
                _timeline.Add(at, "instruction", null, e.DeviceId, $"{instruction.Instruction.InstructionId}: {instruction.Instruction.Reason}");
                break;
            case ProbeCompleted probe when probe.Result.Outcome != Contracts.ProbeOutcome.Ok:
                _timeline.Add(at, "probe-failed", null, e.DeviceId, $"{probe.Target} {probe.Result.Outcome} (attempt {probe.Attempt}): {probe.Result.Detail}");
                break;
            case ReportReceived report:
                var m = report.Report.Mapping;
                _timeline.Add(at, "report", null, e.DeviceId, $"{m.ExternalAddress}:{m.ExternalPort} {m.Protocol}{(report.Report.InstructionId is { } id ? " answering " + id : "")}");
                break;
            case DeviceRecovered:
                _timeline.Add(at, "recovered", null, e.DeviceId, "first good probe after the failure");
                break;
            case RemapFailureRecorded failed:
                _timeline.Add(at, "remap-failed", null, e.DeviceId, $"{failed.Reason} ({failed.ConsecutiveFailures} in a row)");
                break;
            case ChannelChanged channel:
                _timeline.Add(at, channel.Connected ? "channel-open" : "channel-closed", null, e.DeviceId, channel.Reason ?? "");
                break;
            case GatewaySignalReceived signal:
                _timeline.Add(at, "gateway-signal", null, e.DeviceId, $"{signal.Signal.Kind} {signal.Signal.Detail}");
                break;
        }
    }

    private static string Describe(GatewayEvent e)
    {
        var parts = new List<string>();
        if (e.Mapping is { } m)
        {
            parts.Add($"{m.ExternalPort}/{m.Protocol} -> {m.InternalClient}:{m.InternalPort}");
        }

        if (e.Reason is { } reason)
        {
            parts.Add(reason.ToString().ToLowerInvariant());
        }

        if (e.WanAddress is { } wan)
        {
            parts.Add($"wan {wan}");
        }

        if (e.Detail.Length > 0)
        {
            parts.Add(e.Detail);
        }

        return string.Join("; ", parts);
    }

    private static string Kebab(string pascal) =>
        string.Concat(pascal.Select((c, i) => char.IsUpper(c) && i > 0 ? "-" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));
}
