using IgdLab.Igd;

namespace IgdLab.Emulator.Scenarios;

/// <summary>
/// One entry of <c>links:</c>: the impairment of a gateway's WAN link on the simulated network, as the gateway takes it
/// (latency, jitter, loss; the runner gives it a seed of its own per gateway).
/// </summary>
public sealed record ScenarioLink
{
    /// <summary>The id of the gateway whose WAN link this is, or a group's name: then every member's link is alike.</summary>
    public required string Gateway { get; init; }

    /// <summary>How the link delays and loses what crosses it.</summary>
    public WanLinkSettings Impairment { get; init; } = new();
}
