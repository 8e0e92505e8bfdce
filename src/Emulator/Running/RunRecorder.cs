using System.Collections.Concurrent;
using System.Net;
using IgdLab.Device.Upnp.Soap;
using IgdLab.Emulator.Measuring;
using IgdLab.Emulator.Timeline;
using IgdLab.Igd.Events;
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
    private readonly ConcurrentDictionary<(string Device, string Id), byte> _instructionIds = new();
    private readonly ConcurrentQueue<DeviceAct> _breakages = new();
    private readonly ConcurrentQueue<DeviceAct> _remaps = new();
    private readonly ConcurrentDictionary<string, bool> _reachable = new(StringComparer.Ordinal);
    private readonly List<Action> _detach = [];
    private long _probes;

    public RunRecorder(RunTimeline timeline, WorldGateways gateways, WorldWatchdog watchdog, WorldDevices devices)
    {
        _timeline = timeline;
        _gateways = gateways;
        _watchdog = watchdog;
        _byAddress = devices.All.ToDictionary(d => d.Address);
    }

    /// <summary>The gateway removed a device's mapping on its own (lease expiry, idle cleanup): the oracle should look now.</summary>
    public event Action<string>? Breakage;

    /// <summary>An event for live progress: a fault carried out, a device unreachable or reachable again.</summary>
    public event Action<TimelineEvent>? Notable;

    /// <summary>The devices' mapping results after the start (initial maps excluded).</summary>
    public IReadOnlyList<DeviceAct> Remaps => [.. _remaps.OrderBy(r => r.At)];

    /// <summary>The watchdog's probes completed since <see cref="Attach"/> (confirming probes included).</summary>
    public long Probes => Interlocked.Read(ref _probes);

    /// <summary>Starts listening.</summary>
    public void Attach()
    {
        foreach (var events in _gateways.All.Select(g => g.Events).OfType<GatewayEventLog>())
        {
            Action<GatewayEvent> handler = OnGatewayEvent;
            events.Published += handler;
            _detach.Add(() => events.Published -= handler);
        }

        if (_watchdog.Enabled)
        {
            EventHandler<WatchdogEvent> handler = OnWatchdogEvent;
            _watchdog.EventRaised += handler;
            _detach.Add(() => _watchdog.EventRaised -= handler);
        }

        foreach (var device in _byAddress.Values)
        {
            Action<MappingResult> changed = result => OnMapped(device, result);
            Action<Exception> failed = error => Record(new MapFailed(_timeline.Now, device.Gateway, device.Id, error));
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

    /// <summary>
    /// Records <paramref name="timelineEvent"/> in the timeline and takes from it what the figures need: a fault, a
    /// detection, an instruction, a remap, a breakage the gateway caused on its own.
    /// </summary>
    public void Record(TimelineEvent timelineEvent)
    {
        _timeline.Add(timelineEvent);
        switch (timelineEvent)
        {
            case FaultInjected fault:
                _faults.Enqueue(new FaultObservation(fault.At, fault.Planned.Fault.Fault, fault.Gateway, fault.Affected, fault.Planned.Fault.Action));
                Notable?.Invoke(fault);
                break;
            case MappingAdded { Device: { } device }:
                // The device acted: for strategies without a watchdog, this is when the system responded to a breakage.
                _detections.Enqueue(new DeviceAct(timelineEvent.At, device));
                break;
            case MappingRemoved { Device: { } device, IsGatewayRemoval: true }:
                RecordBreakage(timelineEvent.At, device);
                break;
            case MappingZombified { Device: { } device, IsGatewayBreakage: true }:
                RecordBreakage(timelineEvent.At, device);
                break;
            case FailureVerdict { Device: { } device }:
                _detections.Enqueue(new DeviceAct(timelineEvent.At, device));
                break;
            case RemapInstructed { Device: { } device } instructed:
                // One instruction, however often it is sent: a re-send (same id) after its instance died may be the
                // first copy that went out at all, when that instance died between recording it and sending it.
                if (_instructionIds.TryAdd((device, instructed.Instruction.InstructionId), 0))
                {
                    _instructions.Enqueue(new DeviceAct(timelineEvent.At, device));
                }

                break;
            case DeviceMapped { Device: { } device }:
                _remaps.Enqueue(new DeviceAct(timelineEvent.At, device));
                break;
            case DeviceReachable or DeviceUnreachable:
                Notable?.Invoke(timelineEvent);
                break;
        }
    }

    // A breakage the gateway caused on its own (expiry, idle cleanup, a firmware zombie): an incident with no fault.
    private void RecordBreakage(TimeSpan at, string device)
    {
        _breakages.Enqueue(new DeviceAct(at, device));
        Breakage?.Invoke(device);
    }

    /// <summary>Records an oracle check; the timeline gets only changes of reachability.</summary>
    public void RecordCheck(CheckObservation check)
    {
        _checks.Enqueue(check);
        var previous = _reachable.GetValueOrDefault(check.Device, true);
        if (previous != check.Reachable)
        {
            _reachable[check.Device] = check.Reachable;
            Record(check.Reachable
                ? new DeviceReachable(check.At, check.Device, check.Endpoint, check.Outcome)
                : new DeviceUnreachable(check.At, check.Device, check.Endpoint, check.Outcome));
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

    private void OnMapped(WorldDevice device, MappingResult result) =>
        Record(new DeviceMapped(_timeline.Now, device.Gateway, device.Id, result));

    private void OnGatewayEvent(GatewayEvent e)
    {
        var at = _timeline.Relative(e.Timestamp);
        var device = e.Mapping is { } mapping && _byAddress.TryGetValue(mapping.InternalClient, out var owner) ? owner.Id : null;
        if (e.Kind == GatewayEventKind.MappingRenewed && device is not null)
        {
            // The device acted, as with an add; renewals are frequent with the renew strategy and change nothing worth a line.
            _detections.Enqueue(new DeviceAct(at, device));
            return;
        }

        if (GatewayEventTimeline.From(e, at, device) is { } recorded)
        {
            Record(recorded);
        }
    }

    private void OnWatchdogEvent(object? sender, WatchdogEvent e)
    {
        if (e is ProbeCompleted)
        {
            Interlocked.Increment(ref _probes);
        }

        var at = _timeline.Relative(e.At);
        TimelineEvent? recorded = e switch
        {
            FailureDetected failure => new FailureVerdict(at, e.DeviceId, failure.Outcome, failure.Detail),
            InstructionSent instruction => new RemapInstructed(at, e.DeviceId, instruction.Instruction, instruction.Again),
            ProbeCompleted probe when probe.Result.Outcome != Contracts.ProbeOutcome.Ok => new ProbeFailed(at, e.DeviceId, probe.Target, probe.Result, probe.Attempt),
            ReportReceived report => new MappingReported(at, e.DeviceId, report.Report),
            DeviceRecovered => new WatchdogRecovered(at, e.DeviceId),
            RemapFailureRecorded failed => new RemapFailure(at, e.DeviceId, failed.Reason, failed.ConsecutiveFailures),
            ChannelChanged { Connected: true } => new ChannelOpened(at, e.DeviceId),
            ChannelChanged closed => new ChannelClosed(at, e.DeviceId, closed.Reason),
            GatewaySignalReceived signal => new GatewaySignalled(at, e.DeviceId, signal.Signal),
            _ => null,
        };
        if (recorded is not null)
        {
            Record(recorded);
        }
    }
}
