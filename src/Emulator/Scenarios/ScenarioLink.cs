namespace IgdLab.Emulator.Scenarios;

/// <summary>
/// One entry of <c>links:</c>, the impairment of a gateway's WAN link on the simulated network: every connection attempt
/// and datagram reaching the gateway's WAN ports, and every reply it sends back, waits <see cref="Latency"/> plus a
/// uniform jitter and is lost with the probability <see cref="Loss"/>.
/// </summary>
public sealed record ScenarioLink
{
    /// <summary>The id of the gateway whose WAN link this is, or a group's name: then every member's link is alike.</summary>
    public required string Gateway { get; init; }

    /// <summary>How long each crossing takes, one way.</summary>
    /// <value>The default is zero.</value>
    public TimeSpan Latency { get; init; }

    /// <summary>The most a crossing's delay differs from <see cref="Latency"/>, either way (never below zero).</summary>
    /// <value>The default is zero.</value>
    public TimeSpan Jitter { get; init; }

    /// <summary>The chance, in percent from 0 to 100, that a crossing is lost.</summary>
    /// <value>The default is 0.</value>
    public double Loss { get; init; }
}
