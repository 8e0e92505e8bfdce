using System.Xml;
using System.Xml.Linq;

namespace IgdLab.Device.Upnp.Soap;

/// <summary>Parses router XML safely: DTDs prohibited (no entity expansion, no external entities), no resolver, a size cap.</summary>
internal static class SafeXml
{
    /// <summary>Parses <paramref name="bytes"/>, tolerating whitespace before the XML declaration.</summary>
    /// <exception cref="XmlException">The bytes are not well-formed XML, or carry a DTD.</exception>
    public static XDocument Parse(ReadOnlyMemory<byte> bytes, int maxCharacters)
    {
        var span = bytes.Span;
        var start = 0;
        while (start < span.Length && span[start] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
        {
            start++;
        }

        using var stream = new MemoryStream(bytes[start..].ToArray(), writable: false);
        using var reader = XmlReader.Create(stream, Settings(maxCharacters));
        return XDocument.Load(reader, LoadOptions.None);
    }

    /// <summary>Parses a document that arrived as text (an embedded document such as NewPortListing).</summary>
    /// <exception cref="XmlException">The text is not well-formed XML, or carries a DTD.</exception>
    public static XDocument Parse(string text, int maxCharacters)
    {
        using var reader = XmlReader.Create(new StringReader(text.TrimStart()), Settings(maxCharacters));
        return XDocument.Load(reader, LoadOptions.None);
    }

    private static XmlReaderSettings Settings(int maxCharacters) => new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        MaxCharactersInDocument = maxCharacters,
        MaxCharactersFromEntities = 1024,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
        CloseInput = true,
    };
}
