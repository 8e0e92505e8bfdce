using IgdLab.Igd.Profiles;

namespace IgdLab.Emulator.Scenarios;

/// <summary>A virtual router of the scenario and the profile it behaves by.</summary>
public sealed record ScenarioGateway
{
    /// <summary>The id devices and faults refer to (<c>gw1</c>).</summary>
    public required string Id { get; init; }

    /// <summary>The profile as written: a built-in name or a file path relative to the scenario file.</summary>
    /// <value>The default is <c>standard</c>.</value>
    public string ProfileReference { get; init; } = "standard";

    /// <summary>The resolved profile.</summary>
    /// <value>The default is <see cref="RouterProfileCatalog.Standard"/>.</value>
    public RouterProfile Profile { get; init; } = RouterProfileCatalog.Standard;
}
