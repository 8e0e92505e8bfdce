using System.Runtime.InteropServices;
using System.Xml;
using System.Xml.Linq;

namespace IgdLab.Protocols.Soap;

/// <summary>
/// Parses XML from the other side of a UPnP exchange safely: DTDs prohibited (no entity expansion, no external
/// entities), no resolver, a size cap. The one set of hardened reader settings for the router and the client.
/// </summary>
public static class SafeXml
{
    /// <summary>Entities may expand to this many characters at most (DTDs are refused, so only built-in ones exist).</summary>
    private const int MaxCharactersFromEntities = 1024;

    /// <summary>The hardened reader settings, reading at most <paramref name="maxCharacters"/> characters.</summary>
    public static XmlReaderSettings Settings(int maxCharacters, bool ignoreWhitespace = false) => new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        MaxCharactersInDocument = maxCharacters,
        MaxCharactersFromEntities = MaxCharactersFromEntities,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
        IgnoreWhitespace = ignoreWhitespace,
        CloseInput = true,
    };

    /// <summary>Parses <paramref name="bytes"/>, tolerating whitespace before the XML declaration.</summary>
    /// <exception cref="XmlException">The bytes are not well-formed XML, or carry a DTD.</exception>
    public static XDocument Parse(ReadOnlyMemory<byte> bytes, int maxCharacters, bool ignoreWhitespace = false)
    {
        // Some peers put whitespace before the XML declaration; tolerate it rather than fail like a strict parser.
        var span = bytes.Span;
        var start = 0;
        while (start < span.Length && span[start] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
        {
            start++;
        }

        var document = bytes[start..];
        using var stream = MemoryMarshal.TryGetArray(document, out var segment)
            ? new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false)
            : new MemoryStream(document.ToArray(), writable: false);
        using var reader = XmlReader.Create(stream, Settings(maxCharacters, ignoreWhitespace));
        return XDocument.Load(reader, LoadOptions.None);
    }

    /// <summary>Parses a document that arrived as text (an embedded document such as NewPortListing).</summary>
    /// <exception cref="XmlException">The text is not well-formed XML, or carries a DTD.</exception>
    public static XDocument Parse(string text, int maxCharacters)
    {
        ArgumentNullException.ThrowIfNull(text);
        using var reader = XmlReader.Create(new StringReader(text.TrimStart()), Settings(maxCharacters));
        return XDocument.Load(reader, LoadOptions.None);
    }
}
