using System.Collections.Concurrent;

namespace IgdLab.Emulator.Running;

/// <summary>One line of a run's timeline: when (scenario time since the start), what, and who.</summary>
/// <param name="At">When.</param>
/// <param name="Kind">What, in kebab case: <c>fault</c>, <c>mapping-removed</c>, <c>probe-failed</c>, <c>instruction</c>, <c>report</c>, <c>unreachable</c>, ...</param>
/// <param name="Gateway">The gateway concerned, if any.</param>
/// <param name="Device">The device concerned, if any.</param>
/// <param name="Detail">Free text.</param>
public sealed record TimelineEntry(TimeSpan At, string Kind, string? Gateway, string? Device, string Detail);

/// <summary>A run's timeline: every event of every actor in scenario time since the run's start. Thread-safe.</summary>
internal sealed class RunTimeline(TimeProvider clock)
{
    private readonly ConcurrentQueue<TimelineEntry> _entries = new();
    private DateTimeOffset _start = clock.GetUtcNow();

    /// <summary>The instant scenario time 0 stands for.</summary>
    public DateTimeOffset Start => _start;

    /// <summary>Scenario time since the start, now.</summary>
    public TimeSpan Now => clock.GetUtcNow() - _start;

    /// <summary>Sets time 0 to now (after the world is set up) and forgets what the set-up recorded.</summary>
    public void Restart()
    {
        _start = clock.GetUtcNow();
        _entries.Clear();
    }

    /// <summary>Scenario time since the start of <paramref name="instant"/>.</summary>
    public TimeSpan Relative(DateTimeOffset instant) => instant - _start;

    /// <summary>Adds an entry at <paramref name="at"/>.</summary>
    public void Add(TimeSpan at, string kind, string? gateway, string? device, string detail) =>
        _entries.Enqueue(new TimelineEntry(at, kind, gateway, device, detail));

    /// <summary>Adds an entry now.</summary>
    public void AddNow(string kind, string? gateway, string? device, string detail) => Add(Now, kind, gateway, device, detail);

    /// <summary>Every entry, in time order.</summary>
    public IReadOnlyList<TimelineEntry> Snapshot() => [.. _entries.Where(e => e.At >= TimeSpan.Zero).OrderBy(e => e.At)];
}
