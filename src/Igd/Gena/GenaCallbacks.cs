using System.Net;

namespace IgdLab.Igd.Gena;

/// <summary>Parses and vets the CALLBACK header of a SUBSCRIBE: one or more <c>&lt;http://…&gt;</c> URLs.</summary>
internal static class GenaCallbacks
{
    /// <summary>The URLs of a CALLBACK header, or <see langword="false"/> if it is empty or malformed.</summary>
    /// <remarks>Text outside the angle brackets, relative URLs and schemes other than http make the whole header invalid.</remarks>
    public static bool TryParse(string? header, out IReadOnlyList<Uri> callbacks)
    {
        callbacks = [];
        if (string.IsNullOrWhiteSpace(header))
        {
            return false;
        }

        var urls = new List<Uri>();
        var rest = header.AsSpan().Trim();
        while (!rest.IsEmpty)
        {
            if (rest[0] != '<')
            {
                return false;
            }

            var end = rest.IndexOf('>');
            if (end < 0
                || !Uri.TryCreate(rest[1..end].Trim().ToString(), UriKind.Absolute, out var url)
                || url.Scheme != Uri.UriSchemeHttp)
            {
                return false;
            }

            urls.Add(url);
            rest = rest[(end + 1)..].TrimStart();
        }

        callbacks = urls;
        return urls.Count > 0;
    }

    /// <summary>
    /// The CallStranger defence (CVE-2020-12695), as in miniupnpd: a callback may only name the subscriber itself,
    /// by literal IP, so a SUBSCRIBE can never turn the gateway into a NOTIFY cannon aimed at a third party.
    /// </summary>
    public static bool AllPointAt(IReadOnlyList<Uri> callbacks, IPAddress? subscriber)
    {
        ArgumentNullException.ThrowIfNull(callbacks);
        if (subscriber is null)
        {
            return false;
        }

        var expected = Normalize(subscriber);
        foreach (var url in callbacks)
        {
            if (url.HostNameType is not (UriHostNameType.IPv4 or UriHostNameType.IPv6)
                || !IPAddress.TryParse(url.IdnHost, out var host)
                || !Normalize(host).Equals(expected))
            {
                return false;
            }
        }

        return true;
    }

    private static IPAddress Normalize(IPAddress address) =>
        address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
}
