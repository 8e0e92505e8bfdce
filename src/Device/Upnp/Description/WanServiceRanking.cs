using System.Globalization;

namespace IgdLab.Device.Upnp.Description;

/// <summary>Reads service type URNs (<c>urn:domain:service:Name:version</c>) and ranks the WAN connection services.</summary>
internal static class WanServiceRanking
{
    /// <summary>The rank of a service that is not a usable WAN connection service.</summary>
    public const int Unranked = int.MaxValue;

    /// <summary>What <paramref name="serviceType"/> names, with its version (0 when missing); Other for unknown domains.</summary>
    public static (IgdServiceKind Kind, int Version, bool IsUpnpDomain) Classify(string serviceType)
    {
        var parts = serviceType.Split(':');
        if (parts.Length < 4
            || !parts[0].Equals("urn", StringComparison.OrdinalIgnoreCase)
            || !parts[2].Equals("service", StringComparison.OrdinalIgnoreCase))
        {
            return (IgdServiceKind.Other, 0, false);
        }

        var isUpnp = parts[1].Equals(UpnpUrns.UpnpDomain, StringComparison.OrdinalIgnoreCase);
        var isDslForum = parts[1].Equals(UpnpUrns.DslForumDomain, StringComparison.OrdinalIgnoreCase);
        var version = parts.Length >= 5
            && int.TryParse(parts[4], NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : 0;
        if (!isUpnp && !isDslForum)
        {
            return (IgdServiceKind.Other, version, false);
        }

        var kind = parts[3] switch
        {
            var n when n.Equals(UpnpUrns.WanIpConnection, StringComparison.OrdinalIgnoreCase) => IgdServiceKind.WanIpConnection,
            var n when n.Equals(UpnpUrns.WanPppConnection, StringComparison.OrdinalIgnoreCase) => IgdServiceKind.WanPppConnection,
            var n when n.Equals(UpnpUrns.WanCommonInterfaceConfig, StringComparison.OrdinalIgnoreCase) => IgdServiceKind.WanCommonInterfaceConfig,
            _ => IgdServiceKind.Other,
        };
        return (kind, version, isUpnp);
    }

    /// <summary>
    /// Lower is better: WANIPConnection:2, :1, WANPPPConnection:1, :2, each UPnP-domain before DSL-Forum-domain;
    /// <see cref="Unranked"/> for anything else.
    /// </summary>
    public static int ConnectionRank(string serviceType)
    {
        var (kind, version, isUpnp) = Classify(serviceType);
        var rank = (kind, version) switch
        {
            (IgdServiceKind.WanIpConnection, 2) => 0,
            (IgdServiceKind.WanIpConnection, 1) => 1,
            (IgdServiceKind.WanPppConnection, 1) => 2,

            // Not a standard type: the Orange Livebox advertises it at a WANIPConnection:1 control URL.
            (IgdServiceKind.WanPppConnection, 2) => 3,
            _ => -1,
        };
        return rank < 0 ? Unranked : (rank * 2) + (isUpnp ? 0 : 1);
    }
}
