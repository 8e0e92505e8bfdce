using System.Globalization;
using System.Text;

namespace IgdLab.Device.Upnp.Discovery;

/// <summary>Builds M-SEARCH datagrams: CRLF line ends, the quoted <c>"ssdp:discover"</c>, a blank line at the end.</summary>
internal static class SsdpSearchRequest
{
    /// <summary>An M-SEARCH for <paramref name="searchTarget"/>; <paramref name="host"/> is the group or the unicast target as <c>ip:port</c>.</summary>
    public static byte[] Build(string host, string searchTarget, int mx) =>
        Encoding.ASCII.GetBytes(string.Create(
            CultureInfo.InvariantCulture,
            $"M-SEARCH * HTTP/1.1\r\nHOST: {host}\r\nMAN: \"ssdp:discover\"\r\nMX: {mx}\r\nST: {searchTarget}\r\n\r\n"));
}
