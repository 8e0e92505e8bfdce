using System.Globalization;
using System.Net;
using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace IgdLab.Device.Upnp.Soap;

/// <summary>
/// Reads a router's answer to a SOAP call. A <c>UPnPError</c> is decoded whatever the HTTP status (as goupnp does, since
/// routers send faults with 200 as well as 500); anything else that is not a SOAP response is a transport failure.
/// </summary>
internal static class SoapResponseReader
{
    /// <summary>The out arguments of a successful answer.</summary>
    /// <exception cref="UpnpErrorException">The answer is a UPnP fault.</exception>
    /// <exception cref="UpnpTransportException">The answer is not a usable SOAP response.</exception>
    public static SoapOutArguments Read(ReadOnlyMemory<byte> body, HttpStatusCode status, string? mediaType, SoapCall call)
    {
        var success = (int)status is >= 200 and < 300;
        var xmlType = mediaType is null || IsXml(mediaType);
        XDocument? document = null;
        string? parseError = null;
        if (xmlType && body.Length > 0)
        {
            try
            {
                document = SafeXml.Parse(body, body.Length + 1);
            }
            catch (XmlException ex)
            {
                parseError = ex.Message;
            }
        }

        if (document is not null && FindUpnpError(document) is { } error)
        {
            throw new UpnpErrorException(error.Code, error.Description, call.Action, call.ControlUrl);
        }

        var fault = document is null ? null : FindBody(document)?.Elements().FirstOrDefault(e => e.Name.LocalName == "Fault");
        if (!success)
        {
            var detail = fault is not null
                ? $"HTTP {(int)status} with a SOAP fault but no UPnPError ({FaultText(fault)})"
                : $"HTTP {(int)status} {ReasonOf(status)} without a UPnP fault{Excerpt(body, mediaType)}";
            throw Fail(fault is not null ? UpnpTransportFailure.SoapFault : UpnpTransportFailure.HttpStatus, call, detail, status);
        }

        if (!xmlType)
        {
            throw Fail(UpnpTransportFailure.UnexpectedContentType, call, $"the answer is '{mediaType}', not XML{Excerpt(body, mediaType)}", status);
        }

        if (document is null)
        {
            throw Fail(UpnpTransportFailure.MalformedResponse, call, parseError is null ? "the answer is empty" : $"malformed XML: {parseError}", status);
        }

        if (fault is not null)
        {
            throw Fail(UpnpTransportFailure.SoapFault, call, $"a SOAP fault without UPnPError ({FaultText(fault)})", status);
        }

        var soapBody = FindBody(document)
            ?? throw Fail(UpnpTransportFailure.MalformedResponse, call, $"the answer is not a SOAP envelope (root <{document.Root?.Name.LocalName}>)", status);

        // Routers disagree on the response element's prefix and even its name; what matters is its arguments.
        var response = soapBody.Elements().FirstOrDefault()
            ?? throw Fail(UpnpTransportFailure.MalformedResponse, call, "the SOAP Body is empty", status);
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var argument in response.Elements())
        {
            // An argument with child elements is an embedded document sent unescaped; keep it as text.
            values[argument.Name.LocalName] = argument.HasElements
                ? string.Concat(argument.Nodes().Select(n => n.ToString(SaveOptions.DisableFormatting)))
                : argument.Value;
        }

        return new SoapOutArguments(values, call);
    }

    private static XElement? FindBody(XDocument document) =>
        document.Root is { } root && root.Name.LocalName == "Envelope"
            ? root.Elements().FirstOrDefault(e => e.Name.LocalName == "Body")
            : null;

    private static (int Code, string Description)? FindUpnpError(XDocument document)
    {
        // goupnp reads Fault/detail/UPnPError; miniupnpc takes any errorCode. Prefer the former, accept the latter.
        var holder = document.Descendants().FirstOrDefault(e => e.Name.LocalName.Equals("UPnPError", StringComparison.OrdinalIgnoreCase));
        var code = (holder?.Elements() ?? document.Descendants())
            .FirstOrDefault(e => e.Name.LocalName.Equals("errorCode", StringComparison.OrdinalIgnoreCase));
        if (code is null || !int.TryParse(code.Value.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
        {
            return null;
        }

        var description = (code.Parent?.Elements() ?? [])
            .FirstOrDefault(e => e.Name.LocalName.Equals("errorDescription", StringComparison.OrdinalIgnoreCase))?.Value.Trim() ?? "";
        return (value, description);
    }

    private static string FaultText(XElement fault)
    {
        string Part(string name) => fault.Elements().FirstOrDefault(e => e.Name.LocalName == name)?.Value.Trim() ?? "";
        var text = $"faultcode '{Part("faultcode")}', faultstring '{Part("faultstring")}'";
        return text.Length <= 200 ? text : text[..200] + "…";
    }

    private static bool IsXml(string mediaType) =>
        mediaType.Equals("text/xml", StringComparison.OrdinalIgnoreCase)
        || mediaType.Equals("application/xml", StringComparison.OrdinalIgnoreCase)
        || mediaType.Equals("application/soap+xml", StringComparison.OrdinalIgnoreCase);

    private static string ReasonOf(HttpStatusCode status) => Enum.IsDefined(status) ? status.ToString() : "";

    private static string Excerpt(ReadOnlyMemory<byte> body, string? mediaType)
    {
        if (body.IsEmpty || (mediaType is not null && !mediaType.StartsWith("text/", StringComparison.OrdinalIgnoreCase) && !IsXml(mediaType)))
        {
            return "";
        }

        var text = Encoding.UTF8.GetString(body.Span[..Math.Min(body.Length, 120)]);
        var oneLine = string.Join(' ', text.Split(['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries)).Trim();
        return oneLine.Length == 0 ? "" : $": \"{oneLine}{(body.Length > 120 ? "…" : "")}\"";
    }

    private static UpnpTransportException Fail(UpnpTransportFailure failure, SoapCall call, string detail, HttpStatusCode status) =>
        new(failure, call.Action, call.ControlUrl, detail, status);
}
