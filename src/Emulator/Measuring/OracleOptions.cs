namespace IgdLab.Emulator.Measuring;

/// <summary>How often the oracle checks devices, in scenario time.</summary>
public sealed record OracleOptions
{
    /// <summary>The cadence for devices that nothing has happened to: catches breakage that no fault announced.</summary>
    /// <value>The default is 1 second.</value>
    public TimeSpan SteadyInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The cadence for devices under watch (a fault affected them, or a check failed): the resolution of restoration times.</summary>
    /// <value>The default is 50 milliseconds.</value>
    public TimeSpan WatchInterval { get; init; } = TimeSpan.FromMilliseconds(50);
}
