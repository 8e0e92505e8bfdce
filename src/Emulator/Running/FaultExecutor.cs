using IgdLab.Emulator.Measuring;
using IgdLab.Emulator.Text;
using IgdLab.Emulator.Timeline;
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

    /// <exception cref="TestbedException">The gateway refused the fault (a WAN address the host cannot bind).</exception>
    private async Task ApplyAsync(PlannedFault planned, CancellationToken cancellationToken)
    {
        var at = timeline.Now;
        try
        {
            await ApplyUncheckedAsync(planned, at, cancellationToken);
        }
        catch (FaultRejectedException ex)
        {
            // The scenario asked for something this host cannot give it: a testbed failure, not a device's.
            throw new TestbedException(
                $"fault {planned.Fault.Fault?.Name} on {planned.Gateway} at {DurationText.Format(at)} was refused: {ex.Message}", ex);
        }
    }

    private async Task ApplyUncheckedAsync(PlannedFault planned, TimeSpan at, CancellationToken cancellationToken)
    {
        var fault = planned.Fault;
        var kind = fault.Fault ?? throw new InvalidOperationException("a fault of an unloaded scenario");
        var gateway = gateways[planned.Gateway];
        var deviceIds = devices.ByGateway.GetValueOrDefault(planned.Gateway) ?? [];
        if (kind is MappingFault mappingFault)
        {
            var hit = 0;
            foreach (var id in planned.Devices)
            {
                hit += await HitMappingAsync(gateway, id, mappingFault, cancellationToken) ? 1 : 0;
            }

            recorder.Record(new FaultInjected(at, planned.Gateway, planned, planned.Devices, planned.Devices.Count - hit));
            return;
        }

        if (kind.MayBreakEveryMapping)
        {
            // Recorded before it is applied: a reboot's call returns only after its downtime.
            recorder.Record(new FaultInjected(at, planned.Gateway, planned, deviceIds));

            // Held under watch until the fault has run its course: a reboot wipes the table partway through, so a first
            // check that still found the old mapping forwarding must not end the watch (the device then went unchecked
            // for a whole steady interval, and the watchdog's instructions meanwhile counted as false remaps).
            using (oracle.Hold(deviceIds))
            {
                await gateway.ApplyFaultAsync(kind, cancellationToken);
            }

            oracle.Watch(deviceIds);
            await EndWhenLastedAsync(planned, gateway, kind, cancellationToken);
            return;
        }

        await gateway.ApplyFaultAsync(kind, cancellationToken);
        recorder.Record(new FaultInjected(at, planned.Gateway, planned, []));
        await EndWhenLastedAsync(planned, gateway, kind, cancellationToken);
    }

    /// <summary>Ends a fault given a <c>for</c> (soap-error, soap-delay, partition; the validator holds the others to that) once it has passed.</summary>
    private async Task EndWhenLastedAsync(PlannedFault planned, IWorldGateway gateway, GatewayFault kind, CancellationToken cancellationToken)
    {
        if (planned.Fault.For is not { } lasting || kind.Ending is not { } ending)
        {
            return;
        }

        await Task.Delay(lasting, clock, cancellationToken);
        await gateway.ApplyFaultAsync(ending, cancellationToken);
        recorder.Record(new FaultCleared(timeline.Now, planned.Gateway, planned.Fault, lasting));
    }

    private async Task<bool> HitMappingAsync(IWorldGateway gateway, string deviceId, MappingFault fault, CancellationToken cancellationToken)
    {
        var device = devices[deviceId];
        if (device.Device.CurrentMapping is not { } mapping)
        {
            return false;
        }

        var outcome = await gateway.ApplyFaultAsync(fault with { Port = mapping.ExternalPort, Protocol = mapping.Protocol }, cancellationToken);
        oracle.Watch([deviceId]);
        return outcome.Applied;
    }
}
