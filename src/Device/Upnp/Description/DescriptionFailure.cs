namespace IgdLab.Device.Upnp.Description;

/// <summary>Why a root description could not be fetched or used.</summary>
public enum DescriptionFailure
{
    /// <summary>The document is not well-formed XML, even after lenient decoding.</summary>
    NotXml,

    /// <summary>The document carries a DTD, which a device description never needs (and entity bombs do).</summary>
    DtdProhibited,

    /// <summary>The document is larger than <see cref="IgdDescriptionParser.MaxDocumentBytes"/>.</summary>
    TooLarge,

    /// <summary>The document has no <c>device</c> element.</summary>
    NoDevice,

    /// <summary>No device in the tree offers a usable WANIPConnection or WANPPPConnection service: not an IGD.</summary>
    NoConnectionService,

    /// <summary>The HTTP server answered with a status other than 200 OK.</summary>
    HttpStatus,

    /// <summary>No complete answer arrived within the fetch timeout.</summary>
    Timeout,

    /// <summary>The connection failed or broke (refused, reset, unreachable).</summary>
    FetchFailed,
}
