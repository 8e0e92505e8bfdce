using System.Xml;
using System.Xml.Linq;

namespace IgdLab.Protocols.Soap;

/// <summary>
/// Reads a SOAP request safely: DTDs are prohibited (no entity expansion, no external entities), no resolver, a size
/// cap, and only the first element of the Body is taken as the action.
/// </summary>
public static class SoapRequestReader
{
    /// <summary>Reads <paramref name="body"/>; <paramref name="soapActionHeader"/> is the SOAPACTION value (may be null).</summary>
    /// <exception cref="SoapFormatException">The body is not a readable SOAP envelope.</exception>
    public static SoapRequest Read(ReadOnlyMemory<byte> body, string? soapActionHeader, int maxCharacters)
    {
        try
        {
            var envelope = SafeXml.Parse(body, maxCharacters, ignoreWhitespace: true).Root;
            if (envelope is null || envelope.Name != XName.Get("Envelope", SoapEnvelope.Namespace))
            {
                throw new SoapFormatException("the document is not a SOAP envelope");
            }

            var soapBody = envelope.Element(XName.Get("Body", SoapEnvelope.Namespace))
                ?? throw new SoapFormatException("the envelope has no Body");
            var actionElement = soapBody.Elements().FirstOrDefault()
                ?? throw new SoapFormatException("the Body holds no action element");
            var arguments = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var argument in actionElement.Elements())
            {
                if (argument.HasElements)
                {
                    throw new SoapFormatException($"argument '{argument.Name.LocalName}' is not plain text");
                }

                arguments[argument.Name.LocalName] = argument.Value;
            }

            var (serviceType, action) = ApplySoapActionHeader(
                soapActionHeader, actionElement.Name.NamespaceName, actionElement.Name.LocalName);
            return new SoapRequest(serviceType, action, arguments);
        }
        catch (XmlException ex)
        {
            throw new SoapFormatException($"malformed XML: {ex.Message}", ex);
        }
    }

    private static (string ServiceType, string Action) ApplySoapActionHeader(string? header, string serviceType, string action)
    {
        if (string.IsNullOrWhiteSpace(header))
        {
            return (serviceType, action);
        }

        var value = header.Trim().Trim('"', '\'');
        var hash = value.LastIndexOf('#');
        if (hash <= 0 || hash == value.Length - 1)
        {
            throw new SoapFormatException($"SOAPACTION '{header}' is not serviceType#action");
        }

        var headerService = value[..hash];
        var headerAction = value[(hash + 1)..];
        if (!string.Equals(headerAction, action, StringComparison.Ordinal))
        {
            throw new SoapFormatException($"SOAPACTION names '{headerAction}' but the body calls '{action}'");
        }

        // The body's namespace is authoritative for the reply; an empty one falls back to the header's service type.
        return (string.IsNullOrEmpty(serviceType) ? headerService : serviceType, action);
    }
}
