namespace IgdLab.Device.Upnp.Soap;

/// <summary>The answer of WANCommonInterfaceConfig GetCommonLinkProperties.</summary>
public sealed record CommonLinkProperties
{
    /// <summary>The WAN access type, e.g. <c>Ethernet</c>, <c>DSL</c>, <c>Cable</c>.</summary>
    public required string WanAccessType { get; init; }

    /// <summary>The upstream bit rate of the physical link.</summary>
    public ulong Layer1UpstreamMaxBitRate { get; init; }

    /// <summary>The downstream bit rate of the physical link.</summary>
    public ulong Layer1DownstreamMaxBitRate { get; init; }

    /// <summary>The physical link status, e.g. <c>Up</c> or <c>Down</c>.</summary>
    public string PhysicalLinkStatus { get; init; } = "";
}
