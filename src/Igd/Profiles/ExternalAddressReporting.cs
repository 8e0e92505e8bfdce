using System.Net;
using IgdLab.Igd.Forwarding;

namespace IgdLab.Igd.Profiles;

/// <summary>What a router reports as its external address, under its profile's external-address quirks.</summary>
internal static class ExternalAddressReporting
{
    /// <summary>The text of GetExternalIPAddress and of the ExternalIPAddress event for the WAN address <paramref name="wanAddress"/>.</summary>
    public static string ReportedExternalAddress(this RouterProfile profile, IPAddress wanAddress) => profile.ExternalAddress switch
    {
        ExternalAddressReport.Empty => "",
        ExternalAddressReport.Zero => IPAddress.Any.ToString(),
        ExternalAddressReport.Loopback => IPAddress.Loopback.ToString(),
        _ when profile.WanSide == WanSide.Cgnat => CarrierGradeNat.SharedAddressOf(wanAddress).ToString(),
        _ => wanAddress.ToString(),
    };
}
