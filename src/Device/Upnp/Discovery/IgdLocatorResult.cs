using IgdLab.Device.Upnp.Description;

namespace IgdLab.Device.Upnp.Discovery;

/// <summary>The gateway a search chose, and everything it looked at.</summary>
public sealed record IgdLocatorResult
{
    /// <summary>How the search ended.</summary>
    public required IgdLocatorOutcome Outcome { get; init; }

    /// <summary>The chosen candidate: set for <see cref="IgdLocatorOutcome.Found"/> and <see cref="IgdLocatorOutcome.FoundProbeFailed"/>.</summary>
    public IgdCandidate? Best { get; init; }

    /// <summary>The chosen gateway's description.</summary>
    public IgdDescription? Igd => Best?.Description;

    /// <summary>Every LOCATION looked at, in the order its first reply arrived.</summary>
    public required IReadOnlyList<IgdCandidate> Candidates { get; init; }

    /// <summary>The discovery behind this result; null when the caller gave the replies or the search stopped at the first IGD.</summary>
    public SsdpDiscoveryResult? Discovery { get; init; }
}
