using IgdLab.Device.Devices;

namespace IgdLab.Emulator.Scenarios;

/// <summary>The settings of the mapping strategies (<c>renew</c>, <c>poll</c>, <c>events</c>) and the lease asked for.</summary>
public sealed record StrategySettings
{
    /// <summary>The lease a device asks for; null uses the renew lease when renewing, else one hour.</summary>
    public TimeSpan? Lease { get; init; }

    /// <summary>The renew strategy's settings (<c>renew.every</c>).</summary>
    public RenewStrategyOptions Renew { get; init; } = new();

    /// <summary>The poll strategy's settings (<c>poll.every</c>).</summary>
    public PollStrategyOptions Poll { get; init; } = new();

    /// <summary>The events strategy's settings (<c>events.retryDelay</c>).</summary>
    public EventsStrategyOptions Events { get; init; } = new();
}
