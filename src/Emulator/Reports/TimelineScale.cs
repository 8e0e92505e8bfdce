namespace IgdLab.Emulator.Reports;

/// <summary>
/// Maps a window of scenario time onto the x axis of a timeline drawing, picks round tick positions for it, and
/// writes times either as scenario time or relative to an origin (a fault: <c>+0.412 s</c>).
/// </summary>
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
        : this(TimeSpan.Zero, end, left, width, origin: null)
    {
    }

    /// <summary>A scale over the window <paramref name="start"/> → <paramref name="end"/>, its times told relative to <paramref name="origin"/> when given.</summary>
    public TimelineScale(TimeSpan start, TimeSpan end, double left, double width, TimeSpan? origin)
    {
        Start = start < TimeSpan.Zero ? TimeSpan.Zero : start;
        End = end > Start ? end : Start + TimeSpan.FromSeconds(1);
        Left = left;
        Width = width;
        Origin = origin;
    }

    /// <summary>The time at the left edge.</summary>
    public TimeSpan Start { get; }

    /// <summary>The time at the right edge.</summary>
    public TimeSpan End { get; }

    /// <summary>The x coordinate of <see cref="Start"/>.</summary>
    public double Left { get; }

    /// <summary>The width of the time axis.</summary>
    public double Width { get; }

    /// <summary>The time the labels count from (a fault); null for scenario time.</summary>
    public TimeSpan? Origin { get; }

    /// <summary>The x coordinate of <paramref name="time"/>, clamped to the axis.</summary>
    public double X(TimeSpan time) => Left + (Math.Clamp((time - Start) / (End - Start), 0, 1) * Width);

    /// <summary>Whether <paramref name="time"/> falls in the window.</summary>
    public bool Contains(TimeSpan time) => time >= Start && time <= End;

    /// <summary>
    /// <paramref name="time"/> in words: scenario time (<c>15.2s</c>), or with an origin the offset from it to the
    /// millisecond (<c>+0.412 s</c>, <c>-0.050 s</c>).
    /// </summary>
    public string Text(TimeSpan time) => Origin is { } origin ? Offset(time - origin) : FigureText.Duration(time);

    /// <summary>An offset from a fault, to the millisecond: <c>+0.412 s</c>.</summary>
    public static string Offset(TimeSpan offset) => (offset < TimeSpan.Zero ? "" : "+") + FigureText.Seconds(offset) + " s";

    /// <summary>Round times at most ten steps apart across the window: multiples of the step, counted from the origin when there is one.</summary>
    public IReadOnlyList<TimeSpan> Ticks()
    {
        var span = End - Start;
        var step = Steps.FirstOrDefault(s => span / s <= MaxTicks, TimeSpan.Zero);
        if (step == TimeSpan.Zero)
        {
            step = TimeSpan.FromDays(Math.Ceiling(span / TimeSpan.FromDays(1) / MaxTicks));
        }

        var zero = Origin ?? TimeSpan.Zero;
        var first = zero + (step * Math.Ceiling((Start - zero) / step));
        var ticks = new List<TimeSpan>();
        for (var tick = first; tick <= End; tick += step)
        {
            ticks.Add(tick);
        }

        return ticks;
    }

    /// <summary>A tick's label: <c>0</c>, <c>10s</c> in scenario time; <c>+200ms</c>, <c>-100ms</c> from an origin.</summary>
    public string TickText(TimeSpan tick)
    {
        if (Origin is not { } origin)
        {
            return tick == TimeSpan.Zero ? "0" : FigureText.Duration(tick);
        }

        var offset = tick - origin;
        return offset == TimeSpan.Zero ? "0" : (offset < TimeSpan.Zero ? "-" : "+") + FigureText.Duration(offset.Duration());
    }
}
