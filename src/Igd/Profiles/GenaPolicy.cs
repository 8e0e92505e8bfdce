namespace IgdLab.Igd.Profiles;

/// <summary>How the router's GENA events look.</summary>
public sealed record GenaPolicy
{
    /// <summary>
    /// <c>gena-full-set</c> (miniupnpd): every NOTIFY carries every evented variable and SystemUpdateID stays 1;
    /// otherwise only the changed variables go out and SystemUpdateID rises.
    /// </summary>
    public bool FullSet { get; init; }
}
