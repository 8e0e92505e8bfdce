namespace IgdLab.Device.Devices;

/// <summary>
/// Adds the mapping again every <see cref="RenewStrategyOptions.Interval"/>, whether or not it still exists (go-libp2p:
/// 60 s lease, re-add every 20 s; Syncthing: the same with 60 min / 30 min). A failed add is retried at the next tick.
/// </summary>
public sealed class RenewStrategy : MappingStrategy
{
    /// <summary>Creates the strategy.</summary>
    /// <param name="session">The mapping to keep.</param>
    /// <param name="options">The interval; null uses the defaults.</param>
    /// <param name="timeProvider">The clock; null uses the system clock.</param>
    public RenewStrategy(MappingSession session, RenewStrategyOptions? options = null, TimeProvider? timeProvider = null)
        : base(session, timeProvider)
    {
        Options = options ?? new RenewStrategyOptions();
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(Options.Interval, TimeSpan.Zero, nameof(options));
    }

    /// <summary>The options in use.</summary>
    public RenewStrategyOptions Options { get; }

    /// <inheritdoc />
    protected internal override void StartTriggers() => Every(Options.Interval, Session.MapAsync);
}
