using System.Collections.Concurrent;
using IgdLab.Prober.Scheduling;
using Microsoft.Extensions.Time.Testing;

namespace IgdLab.Prober.Tests.Scheduling;

[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class ProbeSchedulerTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(10);

    private readonly FakeTimeProvider _time = new();
    private readonly ConcurrentQueue<(string DeviceId, TimeSpan At)> _probes = new();
    private readonly DateTimeOffset _start;

    public ProbeSchedulerTests()
    {
        _start = _time.GetUtcNow();
    }

    [Test]
    public void Add_ThreeDevices_EachProbedOncePerIntervalAtItsOwnPhase()
    {
        using var scheduler = NewScheduler(Record);
        string[] devices = ["nas", "camera", "tv"];
        foreach (var device in devices)
        {
            scheduler.Add(device);
        }

        AdvanceBy(TimeSpan.FromSeconds(5));

        foreach (var device in devices)
        {
            var times = ProbesOf(device);
            Assert.That(times, Has.Count.EqualTo(5), device);
            var gaps = times.Zip(times.Skip(1), (earlier, later) => later - earlier);
            Assert.That(gaps, Has.All.EqualTo(Interval), device);
            Assert.That(times[0], Is.EqualTo(ProbePhase.Of(device, 0, Interval)).Within(Step), device);
        }

        Assert.That(devices.Select(device => ProbesOf(device)[0]).Distinct().Count(), Is.EqualTo(3), "not all at the same tick");
    }

    [Test]
    public void Add_ThousandDevices_SpreadOverTheInterval()
    {
        using var scheduler = NewScheduler(Record);
        for (var i = 0; i < 1000; i++)
        {
            scheduler.Add($"device-{i}");
        }

        AdvanceBy(Interval);

        Assert.That(_probes, Has.Count.EqualTo(1000));
        // Seen at the end of the 10 ms step that contains the slot: a slot at 995 ms shows at 1000 ms.
        var perTenth = _probes.GroupBy(probe => Math.Clamp((int)((probe.At - Step) / (Interval / 10)), 0, 9)).Select(group => group.Count()).ToArray();
        Assert.That(perTenth, Has.Length.EqualTo(10));
        Assert.That(perTenth, Has.All.InRange(60, 140), "about 100 probes in every tenth of the interval");
    }

    [Test]
    public void Pump_SlowProbes_NeverMoreInFlightThanTheBound()
    {
        var held = new ConcurrentQueue<TaskCompletionSource>();
        var inFlight = 0;
        var maxInFlight = 0;
        using var scheduler = NewScheduler(
            async _ =>
            {
                var now = Interlocked.Increment(ref inFlight);
                maxInFlight = Math.Max(maxInFlight, now);
                var release = new TaskCompletionSource();
                held.Enqueue(release);
                await release.Task;
                Interlocked.Decrement(ref inFlight);
            },
            maxInFlight: 4);
        for (var i = 0; i < 20; i++)
        {
            scheduler.Add($"device-{i}");
        }

        var started = 0;
        for (var round = 0; round < 10; round++)
        {
            AdvanceBy(Interval / 10);
            while (held.TryDequeue(out var release))
            {
                started++;
                release.SetResult();
            }
        }

        Assert.That(maxInFlight, Is.EqualTo(4));
        Assert.That(started, Is.GreaterThanOrEqualTo(20), "every device got its probe within the interval once slots freed up");
    }

    [Test]
    public void ProbeNow_IdleDevice_ProbesAtOnceAndKeepsItsSlots()
    {
        using var scheduler = NewScheduler(Record);
        scheduler.Add("nas");
        var phase = ProbePhase.Of("nas", 0, Interval);

        scheduler.ProbeNow("nas");
        AdvanceBy(TimeSpan.FromSeconds(2));

        var times = ProbesOf("nas");
        Assert.That(times[0], Is.EqualTo(TimeSpan.Zero));
        Assert.That(times.Skip(1), Is.EqualTo(new[] { phase, phase + Interval }).Within(Step));
    }

    [Test]
    public void ProbeNow_WhileProbing_ProbesAgainRightAfter()
    {
        TaskCompletionSource? running = null;
        using var scheduler = NewScheduler(deviceId =>
        {
            Record(deviceId);
            running = new TaskCompletionSource();
            return running.Task;
        });
        scheduler.Add("nas");
        AdvanceBy(Interval);
        Assert.That(_probes, Has.Count.EqualTo(1));

        scheduler.ProbeNow("nas");
        Assert.That(_probes, Has.Count.EqualTo(1), "not two at once for one device");
        running!.SetResult();

        Assert.That(_probes, Has.Count.EqualTo(2));
    }

    [Test]
    public void Pump_ProbeLongerThanTheInterval_SkipsSlotsInsteadOfOverlapping()
    {
        TaskCompletionSource? running = null;
        using var scheduler = NewScheduler(deviceId =>
        {
            Record(deviceId);
            running = new TaskCompletionSource();
            return running.Task;
        });
        scheduler.Add("nas");

        AdvanceBy(TimeSpan.FromSeconds(3.5));
        Assert.That(_probes, Has.Count.EqualTo(1));
        running!.SetResult();
        AdvanceBy(TimeSpan.FromSeconds(1));

        var times = ProbesOf("nas");
        Assert.That(times, Has.Count.EqualTo(2));
        Assert.That(times[1] - times[0], Is.EqualTo(TimeSpan.FromSeconds(3)).Or.EqualTo(TimeSpan.FromSeconds(4)), "back on the phase grid");
    }

    [Test]
    public void Remove_Device_IsNotProbedAnyMore()
    {
        using var scheduler = NewScheduler(Record);
        scheduler.Add("nas");
        AdvanceBy(Interval);

        scheduler.Remove("nas");
        AdvanceBy(TimeSpan.FromSeconds(3));

        Assert.That(_probes, Has.Count.EqualTo(1));
    }

    [Test]
    public void Dispose_StopsProbing()
    {
        var scheduler = NewScheduler(Record);
        scheduler.Add("nas");

        scheduler.Dispose();
        AdvanceBy(TimeSpan.FromSeconds(3));

        Assert.That(_probes, Is.Empty);
    }

    private ProbeScheduler NewScheduler(Func<string, Task> probe, int maxInFlight = 100) =>
        new(Interval, maxInFlight, seed: 0, _time, probe);

    private Task Record(string deviceId)
    {
        _probes.Enqueue((deviceId, _time.GetUtcNow() - _start));
        return Task.CompletedTask;
    }

    private List<TimeSpan> ProbesOf(string deviceId) => [.. _probes.Where(probe => probe.DeviceId == deviceId).Select(probe => probe.At)];

    private void AdvanceBy(TimeSpan total)
    {
        for (var moved = TimeSpan.Zero; moved < total; moved += Step)
        {
            _time.Advance(Step);
        }
    }
}
