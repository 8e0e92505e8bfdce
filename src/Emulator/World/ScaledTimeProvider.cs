namespace IgdLab.Emulator.World;

/// <summary>
/// Scenario time: a clock that runs <see cref="Scale"/> times faster than the wall clock beneath it, so that with a
/// scale of 60 a ten-minute scenario plays in ten wall seconds. Every component of a world takes this clock; timers
/// fire after their due time divided by the scale, and timestamps and <see cref="GetUtcNow"/> advance scaled. Real
/// work (a TCP handshake, a SOAP round trip) takes the same wall time at any scale, so it appears
/// <see cref="Scale"/> times longer in scenario time: latencies measured on a fast clock are honest upper bounds.
/// </summary>
public sealed class ScaledTimeProvider : TimeProvider
{
    private readonly TimeProvider _wall;
    private readonly long _wallStart;
    private readonly DateTimeOffset _start;

    /// <summary>Creates a clock starting at <paramref name="start"/> that runs <paramref name="scale"/> times faster than <paramref name="wall"/>.</summary>
    /// <param name="scale">Scenario seconds per wall second, above 0.</param>
    /// <param name="start">The scenario's start instant; null is the wall clock's now.</param>
    /// <param name="wall">The clock beneath; null is the system clock.</param>
    public ScaledTimeProvider(double scale, DateTimeOffset? start = null, TimeProvider? wall = null)
    {
        if (!double.IsFinite(scale) || scale <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(scale), scale, "the time scale must be a finite number above 0");
        }

        Scale = scale;
        _wall = wall ?? System;
        _wallStart = _wall.GetTimestamp();
        _start = start ?? _wall.GetUtcNow();
    }

    /// <summary>Scenario seconds per wall second.</summary>
    public double Scale { get; }

    /// <inheritdoc />
    public override long TimestampFrequency => _wall.TimestampFrequency;

    /// <inheritdoc />
    public override TimeZoneInfo LocalTimeZone => _wall.LocalTimeZone;

    /// <inheritdoc />
    public override long GetTimestamp() => _wallStart + (long)((_wall.GetTimestamp() - _wallStart) * Scale);

    /// <inheritdoc />
    public override DateTimeOffset GetUtcNow() =>
        _start + TimeSpan.FromTicks((long)(_wall.GetElapsedTime(_wallStart).Ticks * Scale));

    /// <summary>The wall time that <paramref name="scenarioTime"/> takes on this clock.</summary>
    public TimeSpan ToWall(TimeSpan scenarioTime) =>
        scenarioTime == Timeout.InfiniteTimeSpan || scenarioTime <= TimeSpan.Zero
            ? scenarioTime
            : TimeSpan.FromTicks(Math.Max(1, (long)(scenarioTime.Ticks / Scale)));

    /// <inheritdoc />
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        new ScaledTimer(this, _wall.CreateTimer(callback, state, ToWall(dueTime), ToWall(period)));

    private sealed class ScaledTimer(ScaledTimeProvider clock, ITimer inner) : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period) => inner.Change(clock.ToWall(dueTime), clock.ToWall(period));

        public void Dispose() => inner.Dispose();

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
