using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace IgdLab.Protocols.Ssdp;

/// <summary>
/// One parsed SSDP datagram: its kind and its headers (names case-insensitive, first occurrence wins).
/// The parser is tolerant of what real stacks send (LF-only lines, lowercase names, no final blank line)
/// and bounded against what an attacker might: it never throws and refuses oversized, binary or headless input.
/// The router reads ASCII only; a client may read replies leniently, since routers put UTF-8 (or worse) in SERVER.
/// </summary>
public sealed class SsdpMessage
{
    private static readonly Encoding LenientUtf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    private readonly Dictionary<string, string> _headers;

    private SsdpMessage(SsdpMessageKind kind, Dictionary<string, string> headers)
    {
        Kind = kind;
        _headers = headers;
    }

    /// <summary>Which start line the datagram had.</summary>
    public SsdpMessageKind Kind { get; }

    /// <summary>The headers by case-insensitive name, values trimmed.</summary>
    public IReadOnlyDictionary<string, string> Headers => _headers;

    /// <summary>The ST header of a search or response, if present.</summary>
    public string? SearchTarget => Header("ST");

    /// <summary>The value of header <paramref name="name"/>, or null when absent.</summary>
    public string? Header(string name) => _headers.GetValueOrDefault(name);

    /// <summary>Parses <paramref name="datagram"/>; returns false, never throws, on anything that is not SSDP.</summary>
    public static bool TryParse(ReadOnlySpan<byte> datagram, [NotNullWhen(true)] out SsdpMessage? message) =>
        TryParse(datagram, out message, out _);

    /// <summary>Parses <paramref name="datagram"/> and says why it was refused.</summary>
    public static bool TryParse(
        ReadOnlySpan<byte> datagram,
        [NotNullWhen(true)] out SsdpMessage? message,
        out SsdpParseError error) =>
        TryParse(datagram, asciiOnly: true, out message, out error);

    /// <summary>
    /// Parses <paramref name="datagram"/>; with <paramref name="asciiOnly"/> false, bytes outside printable ASCII are
    /// decoded as UTF-8 (invalid sequences become U+FFFD) instead of refusing the datagram.
    /// </summary>
    public static bool TryParse(
        ReadOnlySpan<byte> datagram,
        bool asciiOnly,
        [NotNullWhen(true)] out SsdpMessage? message,
        out SsdpParseError error)
    {
        message = null;
        error = Check(datagram, asciiOnly);
        if (error != SsdpParseError.None)
        {
            return false;
        }

        var text = asciiOnly ? Encoding.ASCII.GetString(datagram) : LenientUtf8.GetString(datagram);
        var lines = text.Split('\n');
        if (!TryParseStartLine(lines[0].TrimEnd('\r'), out var kind))
        {
            error = SsdpParseError.UnknownStartLine;
            return false;
        }

        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var count = 0;
        for (var i = 1; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r');
            if (line.Length == 0)
            {
                break; // End of headers; SSDP has no body worth reading.
            }

            if (++count > SsdpConstants.MaxHeaderCount)
            {
                error = SsdpParseError.TooManyHeaders;
                return false;
            }

            // Lines without a colon, or folded continuations, are skipped rather than fatal, as miniupnpd does.
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0 || char.IsWhiteSpace(line[0]))
            {
                continue;
            }

            var name = line[..colon].Trim();
            if (name.Length > 0)
            {
                headers.TryAdd(name, line[(colon + 1)..].Trim());
            }
        }

        if (kind == SsdpMessageKind.Search && string.IsNullOrEmpty(headers.GetValueOrDefault("ST")))
        {
            error = SsdpParseError.MissingSearchTarget;
            return false;
        }

        message = new SsdpMessage(kind, headers);
        return true;
    }

    private static SsdpParseError Check(ReadOnlySpan<byte> datagram, bool asciiOnly)
    {
        if (datagram.IsEmpty)
        {
            return SsdpParseError.Empty;
        }

        if (datagram.Length > SsdpConstants.MaxDatagramLength)
        {
            return SsdpParseError.TooLong;
        }

        if (!asciiOnly)
        {
            return SsdpParseError.None;
        }

        foreach (var b in datagram)
        {
            if (b is (< 0x20 or > 0x7E) and not ((byte)'\r' or (byte)'\n' or (byte)'\t'))
            {
                return SsdpParseError.NotAscii;
            }
        }

        return SsdpParseError.None;
    }

    private static bool TryParseStartLine(string line, out SsdpMessageKind kind)
    {
        kind = default;
        var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 2)
        {
            return false;
        }

        if (IsHttpVersion(parts[0]))
        {
            kind = SsdpMessageKind.Response;
            return parts[1] == "200";
        }

        if (parts.Length != 3 || parts[1] != "*" || !IsHttpVersion(parts[2]))
        {
            return false;
        }

        if (parts[0].Equals("M-SEARCH", StringComparison.OrdinalIgnoreCase))
        {
            kind = SsdpMessageKind.Search;
            return true;
        }

        if (parts[0].Equals("NOTIFY", StringComparison.OrdinalIgnoreCase))
        {
            kind = SsdpMessageKind.Notify;
            return true;
        }

        return false;
    }

    private static bool IsHttpVersion(string token) =>
        token.Equals("HTTP/1.1", StringComparison.OrdinalIgnoreCase)
        || token.Equals("HTTP/1.0", StringComparison.OrdinalIgnoreCase);
}
