using System.Diagnostics;
using System.Net;
using IgdLab.Contracts;
using IgdLab.Contracts.InProcess;
using IgdLab.Device.Upnp.Soap;
using IgdLab.Emulator.Measuring;
using IgdLab.Emulator.Reports;
using IgdLab.Emulator.Scenarios;
using IgdLab.Emulator.Timeline;
using IgdLab.Emulator.World;
using IgdLab.Prober;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace IgdLab.Emulator.Running;

/// <summary>
/// Runs one scenario (one strategy variant of it) in a world of its own: sets the world up, sets scenario time 0,
/// plays the fault plan while the oracle checks every device, sweeps once more at the end, measures leaks, and tears
/// everything down — on success, failure, timeout and cancellation alike.
/// </summary>
public static class ScenarioRunner
{
    private static readonly TimeSpan ReadyPoll = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan ProgressEvery = TimeSpan.FromMilliseconds(250);

    // How often (wall time) the clock-lag monitor wakes: often enough to catch a stall of a few tens of milliseconds.
    private static readonly TimeSpan LagTick = TimeSpan.FromMilliseconds(20);

    // The CPU load's window (wall time): the busiest second of a run shows a saturation that its average hides.
    private static readonly TimeSpan CpuWindow = TimeSpan.FromSeconds(1);

    /// <summary>Runs <paramref name="settings"/>.</summary>
    /// <exception cref="TestbedException">The world could not be set up or run.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static async Task<RunResult> RunAsync(
        RunSettings settings, IProgress<RunProgress>? progress = null, ILoggerFactory? loggers = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        DescriptorBudget.Check(settings.Scenario, DescriptorBudget.ProcessLimit());
        WorldThreads.EnsureEnough();
        var began = Stopwatch.GetTimestamp();
        var duration = settings.Scenario.Duration;
        progress?.Report(new RunProgress("setup", TimeSpan.Zero, duration));
        await using var services = WorldServices.Build(settings, loggers);
        var clock = services.GetRequiredService<ScaledTimeProvider>();
        var timeline = services.GetRequiredService<RunTimeline>();
        var addresses = services.GetRequiredService<AddressPlan>();
        var (gateways, watchdog, devices) = WorldServices.Resolve(services);
        var oracleAddress = gateways.RealRouter?.OutsideAddress ?? addresses.Next();
        var network = gateways.Network;

        // On the simulated network the oracle's checks meet the gateways' WAN ports in memory.
        var simulated = settings.Scenario.Network == WorldNetwork.Simulated ? services.GetRequiredService<InProcessNetwork>() : null;
        await SetUpAsync(settings, gateways, watchdog, devices, cancellationToken);
        var setUpTime = Stopwatch.GetElapsedTime(began);

        var recorder = new RunRecorder(timeline, gateways, watchdog, devices);
        var soapBefore = gateways.All.Sum(g => g.ControlRequests);
        clock.ChangeScale(settings.Scenario.TimeScale);
        timeline.Restart();
        await using var lag = new ClockLagMonitor(clock, LagTick * settings.Scenario.TimeScale);
        lag.Start();
        await using var cpu = new CpuLoadMonitor(CpuCounters.ForThisMachine(TimeProvider.System), clock, CpuWindow * settings.Scenario.TimeScale);
        cpu.Start();
        recorder.Attach();
        if (progress is not null)
        {
            recorder.Notable += notable => progress.Report(new RunProgress("running", Min(timeline.Now, duration), duration, notable));
        }
        var plan = FaultPlanner.Plan(settings.Scenario, devices.ByGateway, settings.Seed);
        IReadOnlyList<CheckObservation> sweep;
        ProbeRate? probes;
        await using (var oracle = new ReachabilityOracle(
            devices.All.Select(d => d.Id),
            (id, ct) => CheckAsync(devices[id], watchdog, oracleAddress, gateways.RealRouter, network, simulated, timeline, settings.CheckTimeout, ct),
            clock,
            OracleFor(settings),
            recorder.RecordCheck))
        {
            recorder.Breakage += id => oracle.Watch([id]);
            oracle.Start();
            var executor = new FaultExecutor(clock, timeline, gateways, watchdog, devices, recorder, oracle);
            using var stopFaults = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var faults = executor.RunAsync(plan, stopFaults.Token);
            await WaitForEndAsync(timeline, clock, duration, settings.Scenario.TimeScale, progress, cancellationToken);
            probes = ProbeRateOf(watchdog, devices, recorder.Probes, duration);
            await stopFaults.CancelAsync();
            try
            {
                await faults;
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // The scenario's end stops the plan.
            }

            await executor.DrainAsync();
            await lag.StopAsync();
            await cpu.StopAsync();
            progress?.Report(new RunProgress("measuring", duration, duration));
            sweep = await oracle.SweepAsync(cancellationToken);
        }

        recorder.Detach();
        var soapRequests = gateways.All.Sum(g => g.ControlRequests) - soapBefore;
        var observations = recorder.Observations();
        return new RunResult
        {
            Settings = settings,
            WallTime = Stopwatch.GetElapsedTime(began),
            SetUpTime = setUpTime,
            Observations = observations,
            Analysis = IncidentAnalysis.Analyze(observations, watchdog.Grace > TimeSpan.Zero ? watchdog.Grace : TimeSpan.FromSeconds(1)),
            Timeline = timeline.Snapshot(),
            Devices = [.. devices.All.Select(d => new DeviceSummary(d.Id, d.Gateway, d.Strategy, d.Watched))],
            Remaps = recorder.Remaps,
            LeakedMappings = await LeakedMappingsAsync(gateways, devices, duration),
            SoapRequests = soapRequests,
            UnreachableAtEnd = [.. sweep.Where(c => !c.Reachable).Select(c => c.Device).Order(StringComparer.Ordinal)],
            ClockLag = lag.Summary(),
            CpuLoad = cpu.Summary(),
            WatchdogProbes = probes,
        };
    }

    private static ProbeRate? ProbeRateOf(WorldWatchdog watchdog, WorldDevices devices, long probes, TimeSpan duration)
    {
        var watched = devices.All.Count(d => d.Watched);
        if (watchdog.Options is not { } options || watched == 0 || duration <= TimeSpan.Zero)
        {
            return null;
        }

        return new ProbeRate(probes / duration.TotalSeconds, watched / options.ProbeInterval.TotalSeconds);
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    // Cadences in scenario time that cost about the same wall time at any time scale: a check is real work.
    private static OracleOptions OracleFor(RunSettings settings)
    {
        var scale = settings.Scenario.TimeScale;
        var steady = settings.Scenario.Oracle.Interval ?? Max(settings.Oracle.SteadyInterval, TimeSpan.FromMilliseconds(20) * scale);
        var watch = settings.Scenario.Oracle.WatchInterval ?? settings.Oracle.WatchInterval;
        return settings.Oracle with { SteadyInterval = steady, WatchInterval = Max(watch, TimeSpan.FromMilliseconds(5) * scale) };

        static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
    }

    private static async Task SetUpAsync(
        RunSettings settings, WorldGateways gateways, WorldWatchdog watchdog, WorldDevices devices, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(settings.SetupTimeout);
        try
        {
            await gateways.StartAsync(deadline.Token);
            await watchdog.StartAsync(deadline.Token);
            await devices.StartAsync(watchdog, deadline.Token);
            while (NotReady(devices, watchdog, gateways) is { Count: > 0 })
            {
                await Task.Delay(ReadyPoll, TimeProvider.System, deadline.Token);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            var waiting = NotReady(devices, watchdog, gateways);
            throw new TestbedException(
                $"the world was not ready within {settings.SetupTimeout.TotalSeconds:0} s: {CountText.Of(waiting.Count, "device")} not mapped and known to the watchdog ({string.Join(", ", waiting.Take(5))}{(waiting.Count > 5 ? ", ..." : "")})");
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not TestbedException)
        {
            throw new TestbedException($"setting up the world failed: {ex.Message}", ex);
        }
    }

    // A device is ready when it holds a mapping and, when the watchdog keeps it, the watchdog has verified that mapping —
    // or, behind a gateway that no outside host can reach (a carrier-grade NAT), has it on record: no probe will ever
    // verify it, and waiting for one would only time the set-up out.
    private static List<string> NotReady(WorldDevices devices, WorldWatchdog watchdog, WorldGateways gateways) =>
        [.. devices.All.Where(d => !IsReady(d, watchdog, gateways[d.Gateway].ReachableFromOutside)).Select(d => d.Id)];

    private static bool IsReady(WorldDevice device, WorldWatchdog watchdog, bool reachable)
    {
        if (device.Device.CurrentMapping is not { ExternalEndPoint: { } endpoint })
        {
            return false;
        }

        return !device.Watched
            || (watchdog.Lookup(device.Id) is { Endpoint: { } published } known
                && published == endpoint.ToString()
                && (known.State == DeviceState.Healthy || !reachable));
    }

    private static async Task WaitForEndAsync(
        RunTimeline timeline, TimeProvider clock, TimeSpan duration, double scale, IProgress<RunProgress>? progress, CancellationToken cancellationToken)
    {
        while (timeline.Now < duration)
        {
            var left = duration - timeline.Now;
            var step = progress is null ? left : TimeSpan.FromTicks(Math.Min(left.Ticks, (long)(ProgressEvery.Ticks * scale)));
            if (step > TimeSpan.Zero)
            {
                await Task.Delay(step, clock, cancellationToken);
            }

            progress?.Report(new RunProgress("running", Min(timeline.Now, duration), duration));
        }
    }

    /// <summary>
    /// The oracle's check: the endpoint published for the device (the watchdog's, or the device's own when no watchdog
    /// keeps it) must complete its handshake. An endpoint outside the lab network (a carrier-grade NAT's address) is
    /// not contacted: the device counts as unreachable, which is what an outside client would find.
    /// </summary>
    private static async Task<CheckObservation> CheckAsync(
        WorldDevice device,
        WorldWatchdog watchdog,
        IPAddress from,
        IWorldGateway? realRouter,
        LabNetwork network,
        IInProcessNetwork? simulated,
        RunTimeline timeline,
        TimeSpan timeout,
        CancellationToken cancellationToken)
    {
        var at = timeline.Now;

        // Behind a real router the oracle is an outside client on its WAN host.
        using var outside = realRouter?.EnterOutside();
        var endpoint = Published(device, watchdog);
        if (endpoint is null)
        {
            return new CheckObservation(at, device.Id, false);
        }

        if (network.Refusal(endpoint) is not null)
        {
            return new CheckObservation(at, device.Id, false, endpoint, ProbeOutcome.Timeout);
        }

        var key = device.Device.Options.Key.ToArray();
        var result = await IdentityProbe.ProbeAsync(
            device.Device.Options.Protocol, endpoint, device.Id, key, timeout, TimeProvider.System, from, simulated, cancellationToken);
        return new CheckObservation(at, device.Id, result.Outcome == ProbeOutcome.Ok, endpoint, result.Outcome);
    }

    private static IPEndPoint? Published(WorldDevice device, WorldWatchdog watchdog)
    {
        if (device.Watched && watchdog.Enabled)
        {
            return watchdog.Lookup(device.Id)?.Endpoint is { } text && IPEndPoint.TryParse(text, out var published) ? published : null;
        }

        return device.Device.CurrentMapping?.ExternalEndPoint;
    }

    private static async Task<List<MappingLeaked>> LeakedMappingsAsync(WorldGateways gateways, WorldDevices devices, TimeSpan end)
    {
        var leaked = new List<MappingLeaked>();
        foreach (var gateway in gateways.All)
        {
            foreach (var mapping in await gateway.MappingsAsync())
            {
                var owned = devices.All.Any(d =>
                    d.Gateway == gateway.Id
                    && d.Address.Equals(mapping.InternalClient)
                    && d.Device.CurrentMapping is { } current
                    && current.ExternalPort == mapping.ExternalPort
                    && current.Protocol == mapping.Protocol);
                if (!owned)
                {
                    leaked.Add(new MappingLeaked(end, gateway.Id, mapping));
                }
            }
        }

        return leaked;
    }
}
