namespace IgdLab.Protocols.Upnp;

/// <summary>The in and out argument names of the IGD services' SOAP actions, as both sides spell them on the wire.</summary>
public static class UpnpArguments
{
    /// <summary><c>NewConnectionStatus</c>.</summary>
    public const string NewConnectionStatus = "NewConnectionStatus";

    /// <summary><c>NewConnectionType</c>.</summary>
    public const string NewConnectionType = "NewConnectionType";

    /// <summary><c>NewDefaultConnectionService</c>.</summary>
    public const string NewDefaultConnectionService = "NewDefaultConnectionService";

    /// <summary><c>NewDescription</c>.</summary>
    public const string NewDescription = "NewDescription";

    /// <summary><c>NewEnabled</c>.</summary>
    public const string NewEnabled = "NewEnabled";

    /// <summary><c>NewEndPort</c>.</summary>
    public const string NewEndPort = "NewEndPort";

    /// <summary><c>NewExternalIPAddress</c>.</summary>
    public const string NewExternalIPAddress = "NewExternalIPAddress";

    /// <summary><c>NewExternalPort</c>.</summary>
    public const string NewExternalPort = "NewExternalPort";

    /// <summary><c>NewInternalClient</c>.</summary>
    public const string NewInternalClient = "NewInternalClient";

    /// <summary><c>NewInternalPort</c>.</summary>
    public const string NewInternalPort = "NewInternalPort";

    /// <summary><c>NewLastConnectionError</c>.</summary>
    public const string NewLastConnectionError = "NewLastConnectionError";

    /// <summary><c>NewLeaseDuration</c>.</summary>
    public const string NewLeaseDuration = "NewLeaseDuration";

    /// <summary><c>NewLeaseTime</c>.</summary>
    public const string NewLeaseTime = "NewLeaseTime";

    /// <summary><c>NewManage</c>.</summary>
    public const string NewManage = "NewManage";

    /// <summary><c>NewNATEnabled</c>.</summary>
    public const string NewNATEnabled = "NewNATEnabled";

    /// <summary><c>NewNumberOfPorts</c>.</summary>
    public const string NewNumberOfPorts = "NewNumberOfPorts";

    /// <summary><c>NewPhysicalLinkStatus</c>.</summary>
    public const string NewPhysicalLinkStatus = "NewPhysicalLinkStatus";

    /// <summary><c>NewPortListing</c>.</summary>
    public const string NewPortListing = "NewPortListing";

    /// <summary><c>NewPortMappingDescription</c>.</summary>
    public const string NewPortMappingDescription = "NewPortMappingDescription";

    /// <summary><c>NewPortMappingIndex</c>.</summary>
    public const string NewPortMappingIndex = "NewPortMappingIndex";

    /// <summary><c>NewPossibleConnectionTypes</c>.</summary>
    public const string NewPossibleConnectionTypes = "NewPossibleConnectionTypes";

    /// <summary><c>NewProtocol</c>.</summary>
    public const string NewProtocol = "NewProtocol";

    /// <summary><c>NewRSIPAvailable</c>.</summary>
    public const string NewRSIPAvailable = "NewRSIPAvailable";

    /// <summary><c>NewRemoteHost</c>.</summary>
    public const string NewRemoteHost = "NewRemoteHost";

    /// <summary><c>NewReservedPort</c>.</summary>
    public const string NewReservedPort = "NewReservedPort";

    /// <summary><c>NewStartPort</c>.</summary>
    public const string NewStartPort = "NewStartPort";

    /// <summary><c>NewTotalBytesReceived</c>.</summary>
    public const string NewTotalBytesReceived = "NewTotalBytesReceived";

    /// <summary><c>NewTotalBytesSent</c>.</summary>
    public const string NewTotalBytesSent = "NewTotalBytesSent";

    /// <summary><c>NewTotalPacketsReceived</c>.</summary>
    public const string NewTotalPacketsReceived = "NewTotalPacketsReceived";

    /// <summary><c>NewTotalPacketsSent</c>.</summary>
    public const string NewTotalPacketsSent = "NewTotalPacketsSent";

    /// <summary><c>NewUptime</c>.</summary>
    public const string NewUptime = "NewUptime";

    /// <summary><c>NewWANAccessType</c>.</summary>
    public const string NewWANAccessType = "NewWANAccessType";
}
