namespace IgdLab.Emulator.Reports;

/// <summary>Maps scenario time onto the x axis of a timeline drawing, and picks round tick positions for it.</summary>
internal sealed class TimelineScale
{
    // Round steps people read easily; the first that gives at most MaxTicks intervals wins.
    private static readonly TimeSpan[] Steps =
    [
        .. new[] { 1, 2, 5, 10, 20, 50, 100, 200, 500 }.Select(ms => TimeSpan.FromMilliseconds(ms)),
        .. new[] { 1, 2, 5, 10, 15, 30 }.Select(s => TimeSpan.FromSeconds(s)),
        .. new[] { 1, 2, 5, 10, 15, 30 }.Select(m => TimeSpan.FromMinutes(m)),
        .. new[] { 1, 2, 3, 6, 12, 24 }.Select(h => TimeSpan.FromHours(h)),
    ];

    private const int MaxTicks = 10;

    /// <summary>A scale from time zero at <paramref name="left"/> to <paramref name="end"/> at <paramref name="left"/> + <paramref name="width"/>.</summary>
    public TimelineScale(TimeSpan end, double left, double width)
    {
        End = end > TimeSpan.Zero ? end : TimeSpan.FromSeconds(1);
        Left = left;
        Width = width;
    }

    /// <summary>The time at the right edge.</summary>
    public TimeSpan End { get; }

    /// <summary>The x coordinate of time zero.</summary>
    public double Left { get; }

    /// <summary>The width of the time axis.</summary>
    public double Width { get; }

    /// <summary>The x coordinate of <paramref name="time"/>, clamped to the axis.</summary>
    public double X(TimeSpan time) => Left + (Math.Clamp(time / End, 0, 1) * Width);

    /// <summary>Round times from zero to <see cref="End"/> at most ten steps apart.</summary>
    public IReadOnlyList<TimeSpan> Ticks()
    {
        var step = Steps.FirstOrDefault(s => End / s <= MaxTicks, TimeSpan.Zero);
        if (step == TimeSpan.Zero)
        {
            step = TimeSpan.FromDays(Math.Ceiling(End / TimeSpan.FromDays(1) / MaxTicks));
        }

        var ticks = new List<TimeSpan>();
        for (var tick = TimeSpan.Zero; tick <= End; tick += step)
        {
            ticks.Add(tick);
        }

        return ticks;
    }
}
