using IgdLab.Igd.Profiles;

namespace IgdLab.Emulator.Scenarios;

/// <summary>A router of the scenario, the profile it behaves by and what plays it.</summary>
public sealed record ScenarioGateway
{
    /// <summary>The id devices and faults refer to (<c>gw1</c>).</summary>
    public required string Id { get; init; }

    /// <summary>
    /// The group this gateway is a member of (<c>id: home, count: 100</c> makes <c>home-001</c> … <c>home-100</c>);
    /// null for a gateway written alone or a group of one, whose id is the name as written.
    /// </summary>
    public string? Group { get; init; }

    /// <summary>The profile as written: a built-in name or a file path relative to the scenario file.</summary>
    /// <value>The default is <c>standard</c>.</value>
    public string ProfileReference { get; init; } = "standard";

    /// <summary>The resolved profile.</summary>
    /// <value>The default is <see cref="RouterProfileCatalog.Standard"/>.</value>
    public RouterProfile Profile { get; init; } = RouterProfileCatalog.Standard;

    /// <summary>What plays the gateway: the virtual router, or a real miniupnpd configured from <see cref="Profile"/>.</summary>
    /// <value>The default is <see cref="GatewayBackend.Virtual"/>.</value>
    public GatewayBackend Backend { get; init; } = GatewayBackend.Virtual;
}
