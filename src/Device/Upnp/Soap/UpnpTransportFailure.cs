namespace IgdLab.Device.Upnp.Soap;

/// <summary>Why a SOAP call produced no usable answer.</summary>
public enum UpnpTransportFailure
{
    /// <summary>No connection could be made (refused, unreachable); the router never saw the request.</summary>
    ConnectFailed,

    /// <summary>The connection broke (reset, closed early) after the request may have been sent.</summary>
    ConnectionLost,

    /// <summary>No complete answer within the timeout.</summary>
    Timeout,

    /// <summary>An HTTP error status without a UPnP fault in the body.</summary>
    HttpStatus,

    /// <summary>A success status with a content type that is not XML (e.g. an HTML login page).</summary>
    UnexpectedContentType,

    /// <summary>The body exceeded the response size limit.</summary>
    ResponseTooLarge,

    /// <summary>The body is not a readable SOAP response: malformed XML, a DTD, no Body, a missing out argument.</summary>
    MalformedResponse,

    /// <summary>A SOAP fault without a <c>UPnPError</c> detail.</summary>
    SoapFault,
}
