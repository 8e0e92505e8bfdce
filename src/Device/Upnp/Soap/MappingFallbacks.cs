namespace IgdLab.Device.Upnp.Soap;

/// <summary>The ways in which a mapping differs from what was asked because the router refused the request as made.</summary>
[Flags]
public enum MappingFallbacks
{
    /// <summary>Mapped as requested.</summary>
    None = 0,

    /// <summary>The lease was refused (725, or 402 on routers such as ARRIS) and lease 0 was used: permanent on IGD:1, a week on IGD:2.</summary>
    ZeroLease = 1,

    /// <summary>Lease 0 was refused with 402 (routers with a week cap) and 604800 s was used.</summary>
    WeekLease = 2,

    /// <summary>The external port was taken and the next free candidate was used.</summary>
    OtherExternalPort = 4,

    /// <summary>The external port was taken and AddAnyPortMapping (IGD:2) let the router pick one.</summary>
    AddAnyPortMapping = 8,
}
