using IgdLab.Emulator.Measuring;
using IgdLab.Emulator.Scenarios;
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
    TimeProvider clock, RunTimeline timeline, WorldGateways gateways, WorldWatchdog watchdog, WorldDevices devices, RunRecorder recorder, ReachabilityOracle oracle)
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
        if (fault.Prober is { } prober)
        {
            await StopProberAsync(planned, prober, at, cancellationToken);
            return;
        }

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

    /// <summary>
    /// kill-prober and restart-prober: stops the instance named (or one drawn among those running), then starts it again
    /// after its downtime, or at once for a restart without one. An instance that is not running is left as it is.
    /// </summary>
    private async Task StopProberAsync(PlannedFault planned, ProberFault prober, TimeSpan at, CancellationToken cancellationToken)
    {
        var running = watchdog.Running;
        var number = prober.Instance ?? (running.Count == 0 ? 0 : running[Math.Min(running.Count - 1, (int)(planned.Draw * running.Count))]);
        var owned = watchdog.OwnedDeviceCount(number);
        if (number == 0 || !await watchdog.StopAsync(number, prober.Kill))
        {
            recorder.Record(new FaultInjected(at, null, planned, []));
            return;
        }

        recorder.Record(new FaultInjected(at, null, planned, [], Instance: number, InstanceDevices: owned));
        if (prober.Downtime is null && prober.Kill)
        {
            return;
        }

        var downtime = prober.Downtime ?? TimeSpan.Zero;
        if (downtime > TimeSpan.Zero)
        {
            await Task.Delay(downtime, clock, cancellationToken);
        }

        await watchdog.StartAgainAsync(number, cancellationToken);
        recorder.Record(new FaultCleared(timeline.Now, null, planned.Fault, downtime));
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
