namespace IgdLab.Emulator.Scenarios;

/// <summary>
/// The emulator's reachability checks. Every check is a connection through the gateway, which is traffic: a router
/// that cleans up idle rules (miniupnpd) never finds a rule idle that the oracle checks often. Scenarios about idle
/// cleanup therefore check rarely; a mapping the gateway removes is still checked at once, since its removal is evented.
/// </summary>
public sealed record ScenarioOracle
{
    /// <summary>How often a device that nothing happened to is checked; null scales with the time scale (1 s at 1x).</summary>
    public TimeSpan? Interval { get; init; }

    /// <summary>
    /// How often a device under watch (a fault may have broken it) is checked: the resolution of restore figures; null
    /// uses the default (50 ms, at least 5 ms per unit of time scale).
    /// </summary>
    public TimeSpan? WatchInterval { get; init; }
}
