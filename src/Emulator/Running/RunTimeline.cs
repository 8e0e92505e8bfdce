using System.Collections.Concurrent;
using IgdLab.Emulator.Timeline;

namespace IgdLab.Emulator.Running;

/// <summary>A run's timeline: every event of every actor in scenario time since the run's start. Thread-safe.</summary>
internal sealed class RunTimeline(TimeProvider clock)
{
    private readonly ConcurrentQueue<TimelineEvent> _events = new();
    private DateTimeOffset _start = clock.GetUtcNow();

    /// <summary>The instant scenario time 0 stands for.</summary>
    public DateTimeOffset Start => _start;

    /// <summary>Scenario time since the start, now.</summary>
    public TimeSpan Now => clock.GetUtcNow() - _start;

    /// <summary>Sets time 0 to now (after the world is set up) and forgets what the set-up recorded.</summary>
    public void Restart()
    {
        _start = clock.GetUtcNow();
        _events.Clear();
    }

    /// <summary>Scenario time since the start of <paramref name="instant"/>.</summary>
    public TimeSpan Relative(DateTimeOffset instant) => instant - _start;

    /// <summary>Adds <paramref name="timelineEvent"/> (at its own <see cref="TimelineEvent.At"/>).</summary>
    public void Add(TimelineEvent timelineEvent) => _events.Enqueue(timelineEvent);

    /// <summary>Every event since the start, in time order.</summary>
    public IReadOnlyList<TimelineEvent> Snapshot() => [.. _events.Where(e => e.At >= TimeSpan.Zero).OrderBy(e => e.At)];
}
