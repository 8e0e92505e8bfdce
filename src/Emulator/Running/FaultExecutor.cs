using IgdLab.Emulator.Measuring;
using IgdLab.Igd;
using IgdLab.Igd.Faults;
using IgdLab.Igd.Mapping;

namespace IgdLab.Emulator.Running;

/// <summary>
/// Plays a fault plan on the scenario clock: each firing at its time, on its own task (a reboot's downtime does not
/// hold back the next firing), recording the fault with the devices it can break and putting those under the oracle's
/// watch. soap-error and soap-delay with a <c>for</c> are cleared when it has passed.
/// </summary>
internal sealed class FaultExecutor(
    TimeProvider clock, RunTimeline timeline, WorldGateways gateways, WorldDevices devices, RunRecorder recorder, ReachabilityOracle oracle)
{
    private readonly List<Task> _applying = [];

    /// <summary>Fires every planned fault at its time; returns when the last has been started (not finished).</summary>
    public async Task RunAsync(IReadOnlyList<PlannedFault> plan, CancellationToken cancellationToken)
    {
        foreach (var planned in plan)
        {
            var wait = planned.At - timeline.Now;
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, clock, cancellationToken);
            }

            lock (_applying)
            {
                _applying.Add(ApplyAsync(planned, cancellationToken));
            }
        }
    }

    /// <summary>Waits for every fault under way (a reboot's downtime, a pending clear).</summary>
    public async Task DrainAsync()
    {
        Task[] applying;
        lock (_applying)
        {
            applying = [.. _applying];
        }

        try
        {
            await Task.WhenAll(applying);
        }
        catch (OperationCanceledException)
        {
            // The run ended while a fault was under way.
        }
    }

    private async Task ApplyAsync(PlannedFault planned, CancellationToken cancellationToken)
    {
        var fault = planned.Fault;
        var kind = fault.Fault ?? throw new InvalidOperationException("a fault of an unloaded scenario");
        var gateway = gateways[fault.Gateway];
        var at = timeline.Now;
        var deviceIds = devices.ByGateway().GetValueOrDefault(fault.Gateway) ?? [];
        if (kind is MappingFault mappingFault)
        {
            var hit = 0;
            foreach (var id in planned.Devices)
            {
                hit += await HitMappingAsync(gateway, id, mappingFault, cancellationToken) ? 1 : 0;
            }

            Record(at, fault, planned.Devices, $"on {string.Join(", ", planned.Devices)}{(hit < planned.Devices.Count ? $" ({planned.Devices.Count - hit} had no mapping)" : "")}");
            return;
        }

        if (kind.MayBreakEveryMapping)
        {
            // Recorded before it is applied: a reboot's call returns only after its downtime.
            Record(at, fault, deviceIds, Describe(fault, kind));
            var applying = gateway.ApplyFaultAsync(kind, cancellationToken);
            await Task.Yield();
            oracle.Watch(deviceIds);
            await applying;
            return;
        }

        await gateway.ApplyFaultAsync(kind, cancellationToken);
        Record(at, fault, [], Describe(fault, kind));
        // Only soap-error and soap-delay take a 'for' (the validator holds every other kind to that).
        if (fault.For is { } lasting)
        {
            await Task.Delay(lasting, clock, cancellationToken);
            await gateway.ApplyFaultAsync(new ClearSoapFaults(), cancellationToken);
            timeline.AddNow("fault-cleared", fault.Gateway, null, $"{fault.Action} ended after {fault.For}");
        }
    }

    private async Task<bool> HitMappingAsync(VirtualGateway gateway, string deviceId, MappingFault fault, CancellationToken cancellationToken)
    {
        var device = devices.All.First(d => d.Id == deviceId);
        if (device.Device.CurrentMapping is not { } mapping)
        {
            return false;
        }

        var protocol = mapping.Protocol == Device.Upnp.Soap.PortMappingProtocol.Udp ? MappingProtocol.Udp : MappingProtocol.Tcp;
        var outcome = await gateway.ApplyFaultAsync(fault with { Port = mapping.ExternalPort, Protocol = protocol }, cancellationToken);
        oracle.Watch([deviceId]);
        return outcome.Applied;
    }

    private void Record(TimeSpan at, Scenarios.ScenarioFault fault, IReadOnlyList<string> affected, string detail) =>
        recorder.RecordFault(new FaultObservation(at, fault.Action, fault.Gateway, affected), detail);

    // The timeline's words for the kinds with settings worth showing; the scenario adds how many calls and for how long.
    private static string Describe(Scenarios.ScenarioFault fault, GatewayFault kind) => kind switch
    {
        Reboot reboot => $"downtime {reboot.Downtime}{(reboot.NewWanIp ? ", new WAN IP" : "")}{(reboot.NewHttpPort == true ? ", new HTTP port" : "")}",
        SoapError error => $"{error.SoapAction ?? "every action"} -> {error.Code}{(fault.Calls is { } calls ? $" x{calls}" : "")}{(fault.For is { } span ? $" for {span}" : "")}",
        SoapDelay delay => $"{delay.SoapAction ?? "every action"} +{delay.Delay}{(fault.For is { } span ? $" for {span}" : "")}",
        _ => "",
    };
}
