using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;
using System.Text;

namespace IgdLab.Device.Upnp.Discovery;

/// <summary>
/// Reads M-SEARCH replies as real routers send them: any HTTP/1.x version, trailing spaces, LF-only lines, header names
/// in any case, empty or missing SERVER, non-UUID USN. Only a 200 status and an absolute http LOCATION are required.
/// </summary>
internal static class SsdpReplyParser
{
    /// <summary>Longer datagrams are not SSDP replies.</summary>
    public const int MaxDatagramLength = 8192;

    private const int MaxHeaderLines = 64;

    private static readonly Encoding LenientUtf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    /// <summary>Parses a datagram from <paramref name="responder"/>; on failure <paramref name="problem"/> says why.</summary>
    public static bool TryParse(
        ReadOnlySpan<byte> datagram,
        IPEndPoint responder,
        DateTimeOffset receivedAt,
        [NotNullWhen(true)] out SsdpReply? reply,
        out string problem)
    {
        reply = null;
        if (datagram.IsEmpty || datagram.Length > MaxDatagramLength)
        {
            problem = datagram.IsEmpty ? "empty datagram" : "datagram too long";
            return false;
        }

        var lines = LenientUtf8.GetString(datagram).Split('\n');
        if (!IsOkStatusLine(lines[0].Trim()))
        {
            problem = $"not a 200 search reply: '{Shorten(lines[0].Trim())}'";
            return false;
        }

        var headers = ReadHeaders(lines);
        if (!headers.TryGetValue("LOCATION", out var locationText)
            || !Uri.TryCreate(locationText, UriKind.Absolute, out var location)
            || (location.Scheme != Uri.UriSchemeHttp && location.Scheme != Uri.UriSchemeHttps))
        {
            problem = locationText is null ? "no LOCATION" : $"LOCATION '{Shorten(locationText)}' is not an absolute http URL";
            return false;
        }

        reply = new SsdpReply
        {
            Responder = responder,
            Location = location,
            SearchTarget = NonEmpty(headers, "ST"),
            UniqueServiceName = NonEmpty(headers, "USN"),
            Server = NonEmpty(headers, "SERVER"),
            BootId = Number(headers, "BOOTID.UPNP.ORG"),
            ConfigId = Number(headers, "CONFIGID.UPNP.ORG"),
            ReceivedAt = receivedAt,
        };
        problem = "";
        return true;
    }

    // "HTTP/1.1 200 OK", also "HTTP/1.1 200 OK " (goupnp), "HTTP/1.0 200", "http/1.1 200 ok".
    private static bool IsOkStatusLine(string line)
    {
        var parts = line.Split([' ', '\t'], 3, StringSplitOptions.RemoveEmptyEntries);
        return parts.Length >= 2
            && parts[0].StartsWith("HTTP/", StringComparison.OrdinalIgnoreCase)
            && parts[1] == "200";
    }

    private static Dictionary<string, string> ReadHeaders(string[] lines)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var raw in lines.Skip(1).Take(MaxHeaderLines))
        {
            var line = raw.TrimEnd('\r');
            if (line.Trim().Length == 0)
            {
                break;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                continue;
            }

            // The first occurrence wins; a repeated header is more likely junk than a correction.
            headers.TryAdd(line[..colon].Trim(), line[(colon + 1)..].Trim());
        }

        return headers;
    }

    private static string? NonEmpty(Dictionary<string, string> headers, string name) =>
        headers.TryGetValue(name, out var value) && value.Length > 0 ? value : null;

    private static int? Number(Dictionary<string, string> headers, string name) =>
        headers.TryGetValue(name, out var value)
        && int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? number : null;

    private static string Shorten(string text) => text.Length <= 80 ? text : text[..80] + "…";
}
