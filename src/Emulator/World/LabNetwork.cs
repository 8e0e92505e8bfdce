using System.Globalization;
using System.Net;
using IgdLab.Prober.Probing;

namespace IgdLab.Emulator.World;

/// <summary>
/// The network a world may send to: loopback (127.0.0.0/8, ::1) and the networks of the namespaces IgdLab created for
/// it (a miniupnpd gateway's outside host). The world's watchdog and oracle ask it before every probe, because the
/// endpoints they probe come from what routers report — a carrier-grade NAT's 100.64.x.y, an odd profile's 0.0.0.0 —
/// and the lab sends nothing off the machine, whatever a router says.
/// </summary>
internal sealed class LabNetwork(IReadOnlyList<IPNetwork> namespaces) : IProbeTargetPolicy
{
    /// <summary>RFC 6598's shared address space, where a carrier-grade NAT numbers the routers behind it.</summary>
    internal static readonly IPNetwork SharedSpace = IPNetwork.Parse("100.64.0.0/10");

    /// <summary>The private address spaces (RFC 1918, and RFC 4193's unique local IPv6 addresses).</summary>
    internal static readonly IPNetwork[] PrivateSpace =
        [IPNetwork.Parse("10.0.0.0/8"), IPNetwork.Parse("172.16.0.0/12"), IPNetwork.Parse("192.168.0.0/16"), IPNetwork.Parse("fc00::/7")];

    /// <summary>A world on loopback alone.</summary>
    public static LabNetwork LoopbackOnly { get; } = new([]);

    /// <summary>The namespaces' networks that the world may send to besides loopback.</summary>
    public IReadOnlyList<IPNetwork> Namespaces { get; } = namespaces;

    /// <inheritdoc />
    public string? Refusal(IPEndPoint endPoint)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        var address = endPoint.Address.IsIPv4MappedToIPv6 ? endPoint.Address.MapToIPv4() : endPoint.Address;
        if (IPAddress.IsLoopback(address) || Namespaces.Any(n => n.Contains(address)))
        {
            return null;
        }

        return string.Create(CultureInfo.InvariantCulture, $"{address} is outside the lab network ({SpaceOf(address)}); not probed");
    }

    private static string SpaceOf(IPAddress address) => address switch
    {
        _ when SharedSpace.Contains(address) => "carrier-grade NAT space",
        _ when PrivateSpace.Any(n => n.Contains(address)) => "private address space",
        _ when address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any) => "unspecified address",
        _ => "not loopback",
    };
}
