namespace IgdLab.Device.Devices;

/// <summary>
/// The method under test, device side: maps once and then remaps only when the server says so
/// (<see cref="OnRemapInstruction"/>, called by the probe unit when a mapping instruction arrives). It never remaps on its own.
/// </summary>
public sealed class WatchdogStrategy : MappingStrategy
{
    private long _instructions;

    /// <summary>Creates the strategy.</summary>
    /// <param name="session">The mapping to keep.</param>
    /// <param name="timeProvider">The clock; null uses the system clock.</param>
    public WatchdogStrategy(MappingSession session, TimeProvider? timeProvider = null)
        : base(session, timeProvider)
    {
    }

    /// <summary>How many remap instructions arrived.</summary>
    public long Instructions => Interlocked.Read(ref _instructions);

    /// <summary>A mapping instruction from the server: delete and add the mapping again, then report the result.</summary>
    /// <returns>The remap in flight; it completes after <see cref="MappingStrategy.MappingChanged"/> or <see cref="MappingStrategy.MappingFailed"/> fired.</returns>
    public Task OnRemapInstruction()
    {
        Interlocked.Increment(ref _instructions);
        return Run(Session.RemapAsync);
    }

    /// <inheritdoc />
    protected internal override void StartTriggers()
    {
        // Nothing: the server's instructions are the only trigger.
    }
}
