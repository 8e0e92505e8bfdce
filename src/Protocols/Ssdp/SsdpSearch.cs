namespace IgdLab.Protocols.Ssdp;

/// <summary>The M-SEARCH a control point sends: CRLF line ends, the quoted <c>"ssdp:discover"</c>, a blank line at the end.</summary>
public static class SsdpSearch
{
    /// <summary>
    /// A search for <paramref name="searchTarget"/>; <paramref name="host"/> is the group or the unicast target as
    /// <c>ip:port</c>, and <paramref name="mx"/> null leaves MX out (a unicast search needs none).
    /// </summary>
    public static byte[] Build(string searchTarget, int? mx, string host = SsdpConstants.MulticastHost)
    {
        var builder = SsdpMessageBuilder.Search()
            .Header("HOST", host)
            .Header("MAN", SsdpConstants.Discover);
        if (mx is { } seconds)
        {
            builder.Header("MX", seconds);
        }

        return builder.Header("ST", searchTarget).ToBytes();
    }
}
