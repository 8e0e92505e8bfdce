using System.Net;

namespace IgdLab.Device.Upnp.Soap;

/// <summary>A SOAP call got no usable answer: no connection, a timeout, an HTTP error, or a body that is not a SOAP response.</summary>
public sealed class UpnpTransportException : Exception
{
    /// <summary>Creates a transport failure of <paramref name="action"/> at <paramref name="controlUrl"/>.</summary>
    public UpnpTransportException(
        UpnpTransportFailure failure, string action, Uri controlUrl, string detail, HttpStatusCode? statusCode = null, Exception? innerException = null)
        : base($"{action} at {controlUrl} failed: {detail}", innerException)
    {
        ArgumentNullException.ThrowIfNull(controlUrl);
        Failure = failure;
        Action = action ?? "";
        ControlUrl = controlUrl;
        StatusCode = statusCode;
    }

    /// <summary>What went wrong.</summary>
    public UpnpTransportFailure Failure { get; }

    /// <summary>The action that was called.</summary>
    public string Action { get; }

    /// <summary>The control URL that was called.</summary>
    public Uri ControlUrl { get; }

    /// <summary>The HTTP status of the answer, when one arrived.</summary>
    public HttpStatusCode? StatusCode { get; }

    /// <summary>Whether trying again may help: connection trouble, timeouts and HTTP 5xx answers.</summary>
    public bool IsTransient => Failure switch
    {
        UpnpTransportFailure.ConnectFailed or UpnpTransportFailure.ConnectionLost or UpnpTransportFailure.Timeout => true,
        UpnpTransportFailure.HttpStatus or UpnpTransportFailure.SoapFault => StatusCode is { } status && (int)status >= 500,
        _ => false,
    };

    /// <summary>Whether the router may have carried out the action although no answer came back (all but <see cref="UpnpTransportFailure.ConnectFailed"/>).</summary>
    public bool RequestMayHaveBeenProcessed => Failure != UpnpTransportFailure.ConnectFailed;
}
