namespace IgdLab.Protocols.Soap;

/// <summary>The SOAP 1.1 names every UPnP control message uses.</summary>
public static class SoapEnvelope
{
    /// <summary>The envelope's XML namespace.</summary>
    public const string Namespace = "http://schemas.xmlsoap.org/soap/envelope/";

    /// <summary>The encoding style UPnP requires on the envelope.</summary>
    public const string EncodingStyle = "http://schemas.xmlsoap.org/soap/encoding/";

    /// <summary>The HTTP header that names the called action as <c>"serviceType#action"</c>.</summary>
    public const string ActionHeader = "SOAPACTION";

    /// <summary>The start of an envelope up to the opening Body tag, with the <c>s</c> prefix.</summary>
    internal const string Start =
        "<s:Envelope xmlns:s=\"" + Namespace + "\" s:encodingStyle=\"" + EncodingStyle + "\"><s:Body>";

    /// <summary>The end of an envelope from the closing Body tag.</summary>
    internal const string End = "</s:Body></s:Envelope>";
}
