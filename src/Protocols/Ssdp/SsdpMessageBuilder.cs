using System.Globalization;
using System.Text;

namespace IgdLab.Protocols.Ssdp;

/// <summary>Writes one SSDP datagram: a start line, headers in the order added, CRLF line ends and the final blank line.</summary>
public sealed class SsdpMessageBuilder
{
    private readonly StringBuilder _text = new();

    private SsdpMessageBuilder(string startLine) => _text.Append(startLine).Append("\r\n");

    /// <summary>A search reply, <c>HTTP/1.1 200 OK</c>.</summary>
    public static SsdpMessageBuilder Response() => new("HTTP/1.1 200 OK");

    /// <summary>A search reply with the status line as a quirky router writes it (e.g. with a trailing space).</summary>
    /// <exception cref="ArgumentException">The line contains CR or LF.</exception>
    public static SsdpMessageBuilder Response(string statusLine)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(statusLine);
        if (statusLine.AsSpan().IndexOfAny('\r', '\n') >= 0)
        {
            throw new ArgumentException("The status line must be one line.", nameof(statusLine));
        }

        return new(statusLine);
    }

    /// <summary>An announcement, <c>NOTIFY * HTTP/1.1</c>.</summary>
    public static SsdpMessageBuilder Notify() => new("NOTIFY * HTTP/1.1");

    /// <summary>A search, <c>M-SEARCH * HTTP/1.1</c>.</summary>
    public static SsdpMessageBuilder Search() => new("M-SEARCH * HTTP/1.1");

    /// <summary>Appends <c>name: value</c>; an empty value writes <c>name:</c> as <c>EXT:</c> needs.</summary>
    /// <exception cref="ArgumentException">The name or value contains CR or LF, which would split the message.</exception>
    public SsdpMessageBuilder Header(string name, string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(value);
        if (name.AsSpan().IndexOfAny('\r', '\n') >= 0 || value.AsSpan().IndexOfAny('\r', '\n') >= 0)
        {
            throw new ArgumentException($"SSDP header {name} must not contain CR or LF.", nameof(value));
        }

        _text.Append(name).Append(':');
        if (value.Length > 0)
        {
            _text.Append(' ').Append(value);
        }

        _text.Append("\r\n");
        return this;
    }

    /// <summary>Appends a header with an integer value.</summary>
    public SsdpMessageBuilder Header(string name, int value) =>
        Header(name, value.ToString(CultureInfo.InvariantCulture));

    /// <summary>The datagram, ASCII-encoded, ending with the blank line.</summary>
    public byte[] ToBytes() => Encoding.ASCII.GetBytes(_text.ToString() + "\r\n");

    /// <summary>The datagram as text, ending with the blank line.</summary>
    public override string ToString() => _text.ToString() + "\r\n";
}
