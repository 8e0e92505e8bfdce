namespace IgdLab.Igd.Profiles;

/// <summary>What GetExternalIPAddress reports.</summary>
public enum ExternalAddressReport
{
    /// <summary>The WAN address (or the carrier-grade NAT address when <see cref="WanSide.Cgnat"/>).</summary>
    Wan,

    /// <summary>An empty string, and AddPortMapping fails with 501 (miniupnpd behind double NAT: <c>ext-ip-empty</c>).</summary>
    Empty,

    /// <summary><c>0.0.0.0</c> (<c>ext-ip-zero</c>).</summary>
    Zero,

    /// <summary><c>127.0.0.1</c> (<c>ext-ip-loopback</c>).</summary>
    Loopback,
}
