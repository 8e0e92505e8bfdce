namespace IgdLab.Protocols.Upnp;

/// <summary>The SOAP action names of the IGD services (WANIPConnection, WANCommonInterfaceConfig, Layer3Forwarding).</summary>
public static class UpnpActions
{
    /// <summary><c>AddAnyPortMapping</c>.</summary>
    public const string AddAnyPortMapping = "AddAnyPortMapping";

    /// <summary><c>AddPortMapping</c>.</summary>
    public const string AddPortMapping = "AddPortMapping";

    /// <summary><c>DeletePortMapping</c>.</summary>
    public const string DeletePortMapping = "DeletePortMapping";

    /// <summary><c>DeletePortMappingRange</c>.</summary>
    public const string DeletePortMappingRange = "DeletePortMappingRange";

    /// <summary><c>ForceTermination</c>.</summary>
    public const string ForceTermination = "ForceTermination";

    /// <summary><c>GetCommonLinkProperties</c>.</summary>
    public const string GetCommonLinkProperties = "GetCommonLinkProperties";

    /// <summary><c>GetConnectionTypeInfo</c>.</summary>
    public const string GetConnectionTypeInfo = "GetConnectionTypeInfo";

    /// <summary><c>GetDefaultConnectionService</c>.</summary>
    public const string GetDefaultConnectionService = "GetDefaultConnectionService";

    /// <summary><c>GetExternalIPAddress</c>.</summary>
    public const string GetExternalIPAddress = "GetExternalIPAddress";

    /// <summary><c>GetGenericPortMappingEntry</c>.</summary>
    public const string GetGenericPortMappingEntry = "GetGenericPortMappingEntry";

    /// <summary><c>GetListOfPortMappings</c>.</summary>
    public const string GetListOfPortMappings = "GetListOfPortMappings";

    /// <summary><c>GetNATRSIPStatus</c>.</summary>
    public const string GetNATRSIPStatus = "GetNATRSIPStatus";

    /// <summary><c>GetSpecificPortMappingEntry</c>.</summary>
    public const string GetSpecificPortMappingEntry = "GetSpecificPortMappingEntry";

    /// <summary><c>GetStatusInfo</c>.</summary>
    public const string GetStatusInfo = "GetStatusInfo";

    /// <summary><c>GetTotalBytesReceived</c>.</summary>
    public const string GetTotalBytesReceived = "GetTotalBytesReceived";

    /// <summary><c>GetTotalBytesSent</c>.</summary>
    public const string GetTotalBytesSent = "GetTotalBytesSent";

    /// <summary><c>GetTotalPacketsReceived</c>.</summary>
    public const string GetTotalPacketsReceived = "GetTotalPacketsReceived";

    /// <summary><c>GetTotalPacketsSent</c>.</summary>
    public const string GetTotalPacketsSent = "GetTotalPacketsSent";

    /// <summary><c>RequestConnection</c>.</summary>
    public const string RequestConnection = "RequestConnection";

    /// <summary>QueryStateVariable (UDA 1.0, deprecated but still called by libupnp clients such as aMule).</summary>
    public const string QueryStateVariable = "QueryStateVariable";

    /// <summary><c>SetConnectionType</c>.</summary>
    public const string SetConnectionType = "SetConnectionType";

    /// <summary><c>SetDefaultConnectionService</c>.</summary>
    public const string SetDefaultConnectionService = "SetDefaultConnectionService";
}
