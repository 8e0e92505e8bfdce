using System.Collections.Concurrent;
using IgdLab.Contracts;
using IgdLab.Emulator.Measuring;
using IgdLab.Igd.Faults;
using Microsoft.Extensions.Time.Testing;

namespace IgdLab.Emulator.Tests.Measuring;

[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class ReachabilityOracleTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _clock = new(Start);
    private readonly TimerCountingClock _oracleClock;
    private readonly ConcurrentQueue<CheckObservation> _observations = new();
    private volatile bool _reachable = true;

    public ReachabilityOracleTests() => _oracleClock = new TimerCountingClock(_clock);

    [Test]
    public async Task KnownOutage_IsMeasuredExactly_AtTheWatchResolution()
    {
        await using var oracle = Create("nas");
        oracle.Start();
        await RecordedAsync(1);

        await StepAsync(TimeSpan.FromSeconds(1), 10);
        _reachable = false;
        oracle.Watch(["nas"]);
        await RecordedAsync(12); // the watch checks at once: 10.00 s, failing
        await StepAsync(TimeSpan.FromMilliseconds(50), 45); // 10.05 .. 12.25, failing
        _reachable = true;
        await StepAsync(TimeSpan.FromMilliseconds(50), 1); // 12.30: restored
        await StepAsync(TimeSpan.FromSeconds(1), 1); // back to the steady cadence: 13.30

        var checks = _observations.ToList();
        Assert.That(checks[11], Is.EqualTo(new CheckObservation(TimeSpan.FromSeconds(10), "nas", false)));
        Assert.That(checks[^2], Is.EqualTo(new CheckObservation(TimeSpan.FromSeconds(12.3), "nas", true)));
        Assert.That(checks[^1].At, Is.EqualTo(TimeSpan.FromSeconds(13.3)));
        var analysis = IncidentAnalysis.Analyze(
            new RunObservations { Faults = [new FaultObservation(TimeSpan.FromSeconds(10), new DropMapping(), "gw1", ["nas"])], Checks = checks },
            TimeSpan.FromSeconds(1));
        Assert.That(analysis.Incidents.Single().RemapLatency, Is.EqualTo(TimeSpan.FromSeconds(2.3)));
    }

    [Test]
    public async Task UnannouncedFailure_SwitchesToTheWatchCadence()
    {
        await using var oracle = Create("pc");
        oracle.Start();
        await RecordedAsync(1);
        _reachable = false;

        await StepAsync(TimeSpan.FromSeconds(1), 1); // 1 s: fails, not under watch until now
        await StepAsync(TimeSpan.FromMilliseconds(50), 2); // 1.05, 1.10

        Assert.That(_observations.Select(o => o.At.TotalMilliseconds), Is.EqualTo(new[] { 0.0, 1000, 1050, 1100 }));
    }

    [Test]
    public async Task WatchThatFindsTheDeviceReachable_ReturnsToTheSteadyCadence()
    {
        await using var oracle = Create("cam");
        oracle.Start();
        await RecordedAsync(1);

        oracle.Watch(["cam"]);
        await RecordedAsync(2);
        _clock.Advance(TimeSpan.FromMilliseconds(50));
        _clock.Advance(TimeSpan.FromMilliseconds(900));
        Assert.That(_observations, Has.Count.EqualTo(2), "no watch-cadence checks after a successful one");
        await StepAsync(TimeSpan.FromMilliseconds(50), 1);

        Assert.That(_observations.Last().At, Is.EqualTo(TimeSpan.FromSeconds(1)));
    }

    [Test]
    public async Task Hold_KeepsTheWatchCadence_ThroughSuccesses_UntilReleased()
    {
        await using var oracle = Create("nas");
        oracle.Start();
        await RecordedAsync(1);

        // A reboot: its first checks still find the old mapping; the table is wiped 120 ms in.
        var hold = oracle.Hold(["nas"]);
        await RecordedAsync(2); // 0 ms, reachable
        await StepAsync(TimeSpan.FromMilliseconds(50), 2); // 50, 100 ms: reachable, still watched
        _reachable = false;
        await StepAsync(TimeSpan.FromMilliseconds(50), 1); // 150 ms: the outage is seen at once
        hold.Dispose();
        _reachable = true;
        await StepAsync(TimeSpan.FromMilliseconds(50), 1); // 200 ms: restored, the watch ends
        await StepAsync(TimeSpan.FromSeconds(1), 1); // back to the steady cadence: 1.2 s

        Assert.That(_observations.Select(o => (o.At.TotalMilliseconds, o.Reachable)), Is.EqualTo(new[]
        {
            (0.0, true), (0.0, true), (50.0, true), (100.0, true), (150.0, false), (200.0, true), (1200.0, true),
        }));
    }

    [Test]
    public async Task SweepAsync_ChecksEveryDeviceOnce()
    {
        await using var oracle = Create("a", "b", "c");

        var sweep = await oracle.SweepAsync(CancellationToken.None);

        Assert.That(sweep.Select(o => o.Device), Is.EquivalentTo(new[] { "a", "b", "c" }));
    }

    [Test]
    public async Task Start_SpreadsTheFirstChecksOverOneSteadyInterval()
    {
        await using var oracle = Create("a", "b", "c", "d");
        oracle.Start();
        await RecordedAsync(1);
        await ArmedAsync(4); // "a"'s next check and the others' first ones are on the clock before it moves

        await StepAsync(TimeSpan.FromMilliseconds(250), 3);
        await StepAsync(TimeSpan.FromMilliseconds(250), 1); // 1 s: "a" again

        var firsts = _observations.Take(4).Select(o => (o.Device, o.At.TotalMilliseconds)).ToList();
        Assert.That(firsts, Is.EquivalentTo(new[] { ("a", 0.0), ("b", 250.0), ("c", 500.0), ("d", 750.0) }));
        Assert.That(_observations.Last(), Is.EqualTo(new CheckObservation(TimeSpan.FromSeconds(1), "a", true)));
    }

    [Test]
    public async Task Start_AWatchBeforeADevicesFirstCheck_ChecksItAtOnce()
    {
        await using var oracle = Create("a", "b");
        oracle.Start();
        await RecordedAsync(1);

        oracle.Watch(["b"]);
        await RecordedAsync(2);

        Assert.That(_observations.Last(), Is.EqualTo(new CheckObservation(TimeSpan.Zero, "b", true)), "not half an interval later");
    }

    [Test]
    public async Task SweepAsync_ACheckThatTimedOut_IsMadeOnceMore_ARefusalIsNot()
    {
        var calls = new ConcurrentDictionary<string, int>();
        await using var oracle = new ReachabilityOracle(
            ["slow", "gone", "fine"],
            (device, _) =>
            {
                var call = calls.AddOrUpdate(device, 1, (_, n) => n + 1);
                var observation = device switch
                {
                    "slow" when call == 1 => new CheckObservation(TimeSpan.Zero, device, false, Outcome: ProbeOutcome.Timeout),
                    "gone" => new CheckObservation(TimeSpan.Zero, device, false, Outcome: ProbeOutcome.Refused),
                    _ => new CheckObservation(TimeSpan.Zero, device, true, Outcome: ProbeOutcome.Ok),
                };
                return Task.FromResult(observation);
            },
            _clock,
            new OracleOptions(),
            _observations.Enqueue);

        var sweep = await oracle.SweepAsync(CancellationToken.None);

        Assert.That(sweep.Select(o => (o.Device, o.Reachable)), Is.EqualTo(new[] { ("slow", true), ("gone", false), ("fine", true) }));
        Assert.That(calls, Is.EquivalentTo(new Dictionary<string, int> { ["slow"] = 2, ["gone"] = 1, ["fine"] = 1 }));
        Assert.That(_observations, Has.Count.EqualTo(4), "the lost answer is recorded too");
    }

    [Test]
    public async Task SweepAsync_ManyDevices_RunsAtMostMaxChecksInFlightAtOnce()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var running = 0;
        var most = 0;
        var devices = Enumerable.Range(0, ReachabilityOracle.MaxChecksInFlight + 50).Select(i => $"d{i}").ToArray();
        await using var oracle = new ReachabilityOracle(
            devices,
            async (device, _) =>
            {
                lock (devices)
                {
                    most = Math.Max(most, ++running);
                }

                await release.Task;
                lock (devices)
                {
                    running--;
                }

                return new CheckObservation(TimeSpan.Zero, device, true);
            },
            _clock,
            new OracleOptions(),
            _observations.Enqueue);

        var sweep = oracle.SweepAsync(CancellationToken.None);
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10)))
        {
            while (Volatile.Read(ref most) < ReachabilityOracle.MaxChecksInFlight)
            {
                await Task.Yield();
                timeout.Token.ThrowIfCancellationRequested();
            }
        }

        release.SetResult();

        Assert.That((await sweep).Count, Is.EqualTo(devices.Length), "the others waited for a slot, none was left out");
        Assert.That(most, Is.EqualTo(ReachabilityOracle.MaxChecksInFlight));
    }

    private ReachabilityOracle Create(params string[] devices) =>
        new(
            devices,
            (device, _) => Task.FromResult(new CheckObservation(_clock.GetUtcNow() - Start, device, _reachable)),
            _oracleClock,
            new OracleOptions(),
            _observations.Enqueue);

    private async Task StepAsync(TimeSpan step, int times)
    {
        for (var i = 0; i < times; i++)
        {
            var before = _observations.Count;
            _clock.Advance(step);
            await RecordedAsync(before + 1);
        }
    }

    private Task RecordedAsync(int count) => UntilAsync(() => _observations.Count >= count);

    private Task ArmedAsync(int timers) => UntilAsync(() => _oracleClock.TimersCreated >= timers);

    private static async Task UntilAsync(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!condition())
        {
            await Task.Yield();
            timeout.Token.ThrowIfCancellationRequested();
        }
    }

    // The fake clock, counting the timers the oracle sets: moving the clock before a loop has set its timer would make
    // that timer count from the later instant.
    private sealed class TimerCountingClock(FakeTimeProvider inner) : TimeProvider
    {
        private int _timersCreated;

        public int TimersCreated => Volatile.Read(ref _timersCreated);

        public override DateTimeOffset GetUtcNow() => inner.GetUtcNow();

        public override long GetTimestamp() => inner.GetTimestamp();

        public override long TimestampFrequency => inner.TimestampFrequency;

        public override TimeZoneInfo LocalTimeZone => inner.LocalTimeZone;

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            var timer = inner.CreateTimer(callback, state, dueTime, period);
            Interlocked.Increment(ref _timersCreated);
            return timer;
        }
    }
}
