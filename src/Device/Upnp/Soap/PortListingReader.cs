using System.Xml;
using System.Xml.Linq;

namespace IgdLab.Device.Upnp.Soap;

/// <summary>
/// Reads the NewPortListing document of GetListOfPortMappings. Routers send it as CDATA (miniupnpd) or entity-escaped
/// text; by the time it gets here both are the same plain XML text. Element names are matched by local name in any case.
/// </summary>
internal static class PortListingReader
{
    /// <summary>The entries of <paramref name="listing"/>; an empty listing has none.</summary>
    /// <exception cref="UpnpTransportException">The listing is not a readable PortMappingList.</exception>
    public static IReadOnlyList<PortMappingEntry> Read(string listing, SoapCall call, int maxCharacters)
    {
        if (string.IsNullOrWhiteSpace(listing))
        {
            return [];
        }

        XDocument document;
        try
        {
            document = SafeXml.Parse(listing, maxCharacters);
        }
        catch (XmlException ex)
        {
            throw new UpnpTransportException(
                UpnpTransportFailure.MalformedResponse, call.Action, call.ControlUrl, $"NewPortListing is not well-formed XML: {ex.Message}");
        }

        var entries = new List<PortMappingEntry>();
        foreach (var element in document.Descendants().Where(e => e.Name.LocalName.Equals("PortMappingEntry", StringComparison.OrdinalIgnoreCase)))
        {
            var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var field in element.Elements())
            {
                values[field.Name.LocalName] = field.Value;
            }

            var fields = new SoapOutArguments(values, call);
            entries.Add(new PortMappingEntry
            {
                RemoteHost = fields.OptionalText(UpnpArguments.NewRemoteHost).Trim(),
                ExternalPort = fields.Port(UpnpArguments.NewExternalPort),
                Protocol = fields.Protocol(UpnpArguments.NewProtocol),
                InternalPort = fields.Port(UpnpArguments.NewInternalPort),
                InternalClient = fields.OptionalText(UpnpArguments.NewInternalClient).Trim(),
                Enabled = fields.Bool(UpnpArguments.NewEnabled, fallback: true),

                // The listing's names differ from the actions' (NewDescription, NewLeaseTime); accept either.
                Description = fields.OptionalText(UpnpArguments.NewDescription, fields.OptionalText(UpnpArguments.NewPortMappingDescription)),
                LeaseSeconds = fields.UInt(UpnpArguments.NewLeaseTime, fields.UInt(UpnpArguments.NewLeaseDuration)),
            });
        }

        return entries;
    }
}
