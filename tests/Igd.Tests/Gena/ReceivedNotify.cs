using System.Net;
using System.Xml.Linq;

namespace IgdLab.Igd.Tests.Gena;

/// <summary>A NOTIFY as a callback listener saw it.</summary>
internal sealed record ReceivedNotify(
    string Path,
    IPAddress? From,
    string Host,
    string ContentType,
    string Nt,
    string Nts,
    string Sid,
    uint Seq,
    string Body)
{
    private static readonly XNamespace EventNamespace = "urn:schemas-upnp-org:event-1-0";

    /// <summary>The variables of the property set, in document order.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Variables =>
        [.. XDocument.Parse(Body).Root!.Elements(EventNamespace + "property")
            .Select(p => p.Elements().Single())
            .Select(v => KeyValuePair.Create(v.Name.LocalName, v.Value))];
}
