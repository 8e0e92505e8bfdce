using System.Net;

namespace IgdLab.Device.Upnp.Soap;

/// <summary>Decides whether a listed mapping shows that an add, whose answer was lost, was carried out.</summary>
internal static class AddOutcome
{
    /// <summary>Slack for clock granularity and the router rounding remaining leases.</summary>
    private const double ToleranceSeconds = 2;

    /// <summary>
    /// True when <paramref name="found"/> belongs to the same client and internal port as <paramref name="wanted"/> and its
    /// lease is as fresh as the add would have made it (<paramref name="elapsed"/> since the add was first sent). An older
    /// mapping of the same client (a renewal that did not happen) has less lease left, so it does not count; a permanent
    /// one does, since it stays anyway.
    /// </summary>
    public static bool IsFresh(PortMappingEntry wanted, PortMappingEntry found, TimeSpan elapsed, int serviceVersion)
    {
        if (wanted.InternalPort != found.InternalPort || !SameClient(wanted.InternalClient, found.InternalClient))
        {
            return false;
        }

        if (found.LeaseSeconds == 0)
        {
            return true;
        }

        // IGD:2 grants a week for 0; routers cap leases at a week.
        var expected = wanted.LeaseSeconds == 0
            ? (serviceVersion >= 2 ? UpnpClientDefaults.WeekLeaseSeconds : 0u)
            : Math.Min(wanted.LeaseSeconds, UpnpClientDefaults.WeekLeaseSeconds);
        return expected != 0 && found.LeaseSeconds + elapsed.TotalSeconds + ToleranceSeconds >= expected;
    }

    private static bool SameClient(string a, string b) =>
        IPAddress.TryParse(a.Trim(), out var x) && IPAddress.TryParse(b.Trim(), out var y)
            ? x.Equals(y)
            : string.Equals(a.Trim(), b.Trim(), StringComparison.OrdinalIgnoreCase);
}
