using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;
using System.Text;

namespace IgdLab.Device.Upnp.Discovery;

/// <summary>
/// Reads M-SEARCH replies as real routers send them: trailing spaces, LF-only lines, header names in any case, empty
/// or missing SERVER, non-UUID USN, UTF-8 or junk bytes in values. The datagram is read by the shared
/// <see cref="SsdpMessage"/> parser; only a 200 status and an absolute http LOCATION are required on top.
/// </summary>
internal static class SsdpReplyParser
{
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
        if (!SsdpMessage.TryParse(datagram, asciiOnly: false, out var message, out var error)
            || message.Kind != SsdpMessageKind.Response)
        {
            problem = error switch
            {
                SsdpParseError.Empty => "empty datagram",
                SsdpParseError.TooLong => "datagram too long",
                SsdpParseError.TooManyHeaders => $"more than {SsdpConstants.MaxHeaderCount} header lines",
                _ => $"not a 200 search reply: '{Shorten(FirstLine(datagram))}'",
            };
            return false;
        }

        var locationText = message.Header("LOCATION");
        if (locationText is null
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
            SearchTarget = NonEmpty(message, "ST"),
            UniqueServiceName = NonEmpty(message, "USN"),
            Server = NonEmpty(message, "SERVER"),
            BootId = Number(message, SsdpConstants.BootIdHeader),
            ConfigId = Number(message, SsdpConstants.ConfigIdHeader),
            ReceivedAt = receivedAt,
        };
        problem = "";
        return true;
    }

    private static string FirstLine(ReadOnlySpan<byte> datagram)
    {
        var end = datagram.IndexOf((byte)'\n');
        return LenientUtf8.GetString(end < 0 ? datagram : datagram[..end]).Trim();
    }

    private static string? NonEmpty(SsdpMessage message, string name) =>
        message.Header(name) is { Length: > 0 } value ? value : null;

    private static int? Number(SsdpMessage message, string name) =>
        int.TryParse(message.Header(name), NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? number : null;

    private static string Shorten(string text) => text.Length <= 80 ? text : text[..80] + "…";
}
