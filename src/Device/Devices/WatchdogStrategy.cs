using IgdLab.Device.Upnp.Soap;

namespace IgdLab.Device.Devices;

/// <summary>
/// The method under test, device side: maps once and then remaps only when the server says so
/// (<see cref="OnRemapInstructionAsync"/>, called by the probe unit when a mapping instruction arrives). It never remaps on its own.
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

    /// <inheritdoc />
    public override bool TakesInstructions => true;

    /// <summary>A mapping instruction from the server: delete and add the mapping again and answer with the new mapping.</summary>
    /// <param name="cancellationToken">Stops waiting for the answer; the remap itself runs until the strategy stops.</param>
    /// <returns>The new mapping; a failure is thrown (and reported to the session's observers).</returns>
    public override Task<MappingResult> OnRemapInstructionAsync(CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _instructions);
        return Run(Session.RemapAsync).WaitAsync(cancellationToken);
    }

    /// <inheritdoc />
    protected internal override void StartTriggers()
    {
        // Nothing: the server's instructions are the only trigger.
    }
}
