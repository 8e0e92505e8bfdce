namespace IgdLab.Igd.Profiles;

/// <summary>A WAN connection service of the description.</summary>
public enum ConnectionService
{
    /// <summary>WANIPConnection (version from <see cref="RouterProfile.IgdVersion"/>).</summary>
    Ip,

    /// <summary>WANPPPConnection:1.</summary>
    Ppp,
}
