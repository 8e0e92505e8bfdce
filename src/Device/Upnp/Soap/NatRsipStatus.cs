namespace IgdLab.Device.Upnp.Soap;

/// <summary>The answer of GetNATRSIPStatus.</summary>
public sealed record NatRsipStatus
{
    /// <summary>Whether realm-specific IP is available.</summary>
    public required bool RsipAvailable { get; init; }

    /// <summary>Whether the router translates addresses (NAT).</summary>
    public required bool NatEnabled { get; init; }
}
