namespace IgdLab.Device.Devices;

/// <summary>
/// Asks the router every <see cref="PollStrategyOptions.Interval"/> whether the mapping still exists
/// (GetSpecificPortMappingEntry) and adds it again only when it is missing (Transmission). A failure is retried at the next tick.
/// </summary>
public sealed class PollStrategy : MappingStrategy
{
    /// <summary>Creates the strategy.</summary>
    /// <param name="session">The mapping to keep.</param>
    /// <param name="options">The interval; null uses the defaults.</param>
    /// <param name="timeProvider">The clock; null uses the system clock.</param>
    public PollStrategy(MappingSession session, PollStrategyOptions? options = null, TimeProvider? timeProvider = null)
        : base(session, timeProvider)
    {
        Options = options ?? new PollStrategyOptions();
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(Options.Interval, TimeSpan.Zero, nameof(options));
    }

    /// <summary>The options in use.</summary>
    public PollStrategyOptions Options { get; }

    /// <inheritdoc />
    protected internal override void StartTriggers() => Every(Options.Interval, Session.CheckAndRestoreAsync);
}
