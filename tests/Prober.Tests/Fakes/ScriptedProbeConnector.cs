using System.Collections.Concurrent;
using IgdLab.Contracts;
using IgdLab.Prober.Probing;

namespace IgdLab.Prober.Tests.Fakes;

/// <summary>
/// A probe connector whose outcomes a test sets per device: a fixed outcome, or "hang" (the probe never answers, so
/// the watchdog's own timeout on the fake clock decides). Records when each probe started.
/// </summary>
internal sealed class ScriptedProbeConnector(TimeProvider time) : IProbeConnector
{
    private readonly ConcurrentDictionary<string, ProbeOutcome?> _outcomes = new();
    private readonly ConcurrentDictionary<string, ConcurrentQueue<ProbeOutcome?>> _sequences = new();
    private readonly ConcurrentQueue<(string DeviceId, DateTimeOffset At)> _calls = new();
    private readonly ConcurrentQueue<TaskCompletionSource<ProbeResult>> _held = new();
    private int _inFlight;
    private int _maxInFlight;

    /// <summary>Probes held open by <see cref="Hold"/> complete only when released.</summary>
    public bool Hold { get; set; }

    public int MaxInFlight => Volatile.Read(ref _maxInFlight);

    public IReadOnlyList<(string DeviceId, DateTimeOffset At)> Calls => [.. _calls];

    public IReadOnlyList<DateTimeOffset> CallsOf(string deviceId) => [.. _calls.Where(call => call.DeviceId == deviceId).Select(call => call.At)];

    /// <summary>Answers <paramref name="outcome"/> for <paramref name="deviceId"/> from now on; null = never answer.</summary>
    public void Answer(string deviceId, ProbeOutcome? outcome) => _outcomes[deviceId] = outcome;

    /// <summary>Answers these outcomes, one per probe, before the standing answer applies again.</summary>
    public void AnswerNext(string deviceId, params ProbeOutcome?[] outcomes)
    {
        var queue = _sequences.GetOrAdd(deviceId, _ => new ConcurrentQueue<ProbeOutcome?>());
        foreach (var outcome in outcomes)
        {
            queue.Enqueue(outcome);
        }
    }

    /// <summary>Completes every held probe with <paramref name="outcome"/>.</summary>
    public void ReleaseHeld(ProbeOutcome outcome)
    {
        while (_held.TryDequeue(out var held))
        {
            held.TrySetResult(new ProbeResult(outcome, null, TimeSpan.Zero, "released"));
        }
    }

    public async Task<ProbeResult> ProbeAsync(ProbeTarget target, CancellationToken cancellationToken)
    {
        _calls.Enqueue((target.DeviceId, time.GetUtcNow()));
        var now = Interlocked.Increment(ref _inFlight);
        InterlockedMax(ref _maxInFlight, now);
        try
        {
            if (Hold)
            {
                // Continuations run inline, so releasing completes the watchdog's handling before ReleaseHeld returns.
                var held = new TaskCompletionSource<ProbeResult>();
                _held.Enqueue(held);
                return await held.Task;
            }

            var outcome = _sequences.TryGetValue(target.DeviceId, out var sequence) && sequence.TryDequeue(out var next)
                ? next
                : _outcomes.GetValueOrDefault(target.DeviceId, ProbeOutcome.Ok);
            if (outcome is not { } answer)
            {
                await Task.Delay(Timeout.InfiniteTimeSpan, time, cancellationToken);
                throw new InvalidOperationException("unreachable");
            }

            var answeredBy = answer == ProbeOutcome.WrongDevice ? "someone-else" : target.DeviceId;
            return new ProbeResult(answer, answeredBy, TimeSpan.FromMilliseconds(1), answer.ToString());
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while (value > (seen = Volatile.Read(ref target)) && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }
}
