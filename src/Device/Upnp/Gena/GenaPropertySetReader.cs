using System.Xml;
using System.Xml.Linq;

namespace IgdLab.Device.Upnp.Gena;

/// <summary>Reads the body of a GENA NOTIFY: the variables of its <c>e:propertyset</c>, in document order.</summary>
internal static class GenaPropertySetReader
{
    private static readonly XNamespace EventNamespace = UpnpUrns.EventNamespace;

    /// <summary>The variables that <paramref name="body"/> sets, by name; elements outside <c>e:property</c> are ignored.</summary>
    /// <exception cref="XmlException">
    /// The body is not well-formed XML, carries a DTD or holds more than <paramref name="maxCharacters"/> characters.
    /// </exception>
    public static IReadOnlyList<KeyValuePair<string, string>> Read(byte[] body, int maxCharacters)
    {
        var root = SafeXml.Parse(body, maxCharacters).Root ?? throw new XmlException("empty property set");
        return
        [
            .. root.Elements(EventNamespace + "property")
                .SelectMany(p => p.Elements())
                .Select(v => KeyValuePair.Create(v.Name.LocalName, v.Value)),
        ];
    }
}
