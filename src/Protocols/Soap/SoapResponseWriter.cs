using System.Security;
using System.Text;

namespace IgdLab.Protocols.Soap;

/// <summary>Writes SOAP responses and UPnP faults in the shape clients expect (miniupnpd's layout).</summary>
public static class SoapResponseWriter
{
    private const string EnvelopeStart = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\r\n" + SoapEnvelope.Start;

    private const string EnvelopeEnd = SoapEnvelope.End + "\r\n";

    /// <summary>The out argument that carries an XML document (GetListOfPortMappings).</summary>
    private const string XmlDocumentArgument = Upnp.UpnpArguments.NewPortListing;

    /// <summary>A success response with the out arguments in order.</summary>
    public static string Success(string serviceType, string action, IEnumerable<KeyValuePair<string, string>> outArguments)
    {
        var builder = new StringBuilder(512);
        builder.Append(EnvelopeStart)
            .Append("<u:").Append(action).Append("Response xmlns:u=\"").Append(Escape(serviceType)).Append("\">");
        foreach (var (name, value) in outArguments)
        {
            builder.Append('<').Append(name).Append('>');
            if (name == XmlDocumentArgument && !value.Contains("]]>", StringComparison.Ordinal))
            {
                // miniupnpc reads argument text without decoding entities, so the embedded document must be CDATA,
                // as miniupnpd sends it. The listing escapes its own text, so "]]>" cannot occur in practice.
                builder.Append("<![CDATA[").Append(value).Append("]]>");
            }
            else
            {
                builder.Append(Escape(value));
            }

            builder.Append("</").Append(name).Append('>');
        }

        builder.Append("</u:").Append(action).Append("Response>").Append(EnvelopeEnd);
        return builder.ToString();
    }

    /// <summary>A UPnP fault (sent with HTTP 500).</summary>
    public static string Fault(int code, string description)
    {
        return EnvelopeStart +
            "<s:Fault><faultcode>s:Client</faultcode><faultstring>UPnPError</faultstring><detail>" +
            "<UPnPError xmlns=\"" + Upnp.UpnpUrns.ControlNamespace + "\">" +
            $"<errorCode>{code}</errorCode><errorDescription>{Escape(description)}</errorDescription>" +
            "</UPnPError></detail></s:Fault>" + EnvelopeEnd;
    }

    private static string Escape(string value) => SecurityElement.Escape(value) ?? "";
}
