namespace IgdLab.Igd.Profiles;

/// <summary>One documented behaviour of real routers, and the profile keys (and fault) that reproduce it.</summary>
public sealed record RouterQuirk
{
    /// <summary>The quirk's id, e.g. <c>permanent-only-725</c>.</summary>
    public string Id { get; init; } = "";

    /// <summary>The group it belongs to (lifecycle, leases, discovery, …).</summary>
    public string Group { get; init; } = "";

    /// <summary>What the router does.</summary>
    public string Behaviour { get; init; } = "";

    /// <summary>Where it was seen: routers and the tracker or code that documents it.</summary>
    public string SeenOn { get; init; } = "";

    /// <summary>The fault that sets it off in a scenario, if it needs one (e.g. <c>reboot</c>).</summary>
    public string? Fault { get; init; }

    /// <summary>The profile keys that reproduce it, as profile YAML; empty when every IgdLab router behaves so.</summary>
    public string Profile { get; init; } = "";

    /// <summary>Whether the standard profile already behaves so (the keys only make it explicit).</summary>
    public bool SameAsStandard { get; init; }
}
