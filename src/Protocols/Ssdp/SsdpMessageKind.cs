namespace IgdLab.Protocols.Ssdp;

/// <summary>The three kinds of SSDP datagram, told apart by their start line.</summary>
public enum SsdpMessageKind
{
    /// <summary><c>M-SEARCH * HTTP/1.1</c>: a control point looking for devices.</summary>
    Search,

    /// <summary><c>NOTIFY * HTTP/1.1</c>: a device announcing itself or leaving.</summary>
    Notify,

    /// <summary><c>HTTP/1.1 200 OK</c>: a device answering a search.</summary>
    Response,
}
