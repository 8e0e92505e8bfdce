using System.Security;
using System.Text;
using System.Xml;

namespace IgdLab.Protocols.Soap;

/// <summary>
/// Writes a SOAP action request as routers expect it: one compact line (no CR or LF, so the request fits the single
/// packet that fussy routers want), the action in the service's namespace, arguments unqualified and in SCPD order.
/// </summary>
public static class SoapRequestWriter
{
    private const string Start = "<?xml version=\"1.0\"?>" + SoapEnvelope.Start;

    private const string End = SoapEnvelope.End;

    /// <summary>The request body for <paramref name="action"/> of <paramref name="serviceType"/>.</summary>
    /// <exception cref="ArgumentException">An argument value holds a character that XML cannot carry.</exception>
    public static string Write(string serviceType, string action, IReadOnlyList<KeyValuePair<string, string>> arguments)
    {
        var builder = new StringBuilder(Start.Length + End.Length + 128 + (arguments.Count * 48));
        builder.Append(Start)
            .Append("<u:").Append(action).Append(" xmlns:u=\"").Append(Escape(serviceType, "serviceType")).Append("\">");
        foreach (var (name, value) in arguments)
        {
            builder.Append('<').Append(name).Append('>').Append(Escape(value, name)).Append("</").Append(name).Append('>');
        }

        return builder.Append("</u:").Append(action).Append('>').Append(End).ToString();
    }

    private static string Escape(string value, string argument)
    {
        try
        {
            XmlConvert.VerifyXmlChars(value);
        }
        catch (XmlException ex)
        {
            throw new ArgumentException($"{argument} holds a character that cannot be sent in XML", argument, ex);
        }

        // CR and LF are legal XML but would break the one-line body; as character references they survive.
        return (SecurityElement.Escape(value) ?? "").Replace("\r", "&#13;", StringComparison.Ordinal).Replace("\n", "&#10;", StringComparison.Ordinal);
    }
}
