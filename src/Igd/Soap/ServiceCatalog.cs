namespace IgdLab.Igd.Soap;

/// <summary>The services of the virtual IGD: WANIPConnection:1/:2, WANCommonInterfaceConfig:1, Layer3Forwarding:1.</summary>
internal static class ServiceCatalog
{
    // Declared first: static initializers run in text order and WanIpConnection uses it.
    private static IReadOnlyList<ArgumentDefinition> AddArguments { get; } = In(
        ("NewRemoteHost", "RemoteHost"),
        ("NewExternalPort", "ExternalPort"),
        ("NewProtocol", "PortMappingProtocol"),
        ("NewInternalPort", "InternalPort"),
        ("NewInternalClient", "InternalClient"),
        ("NewEnabled", "PortMappingEnabled"),
        ("NewPortMappingDescription", "PortMappingDescription"),
        ("NewLeaseDuration", "PortMappingLeaseDuration"));

    public static ServiceDefinition WanIpConnection { get; } = new(
        "WANIPConnection",
        [
            Action("SetConnectionType", In(("NewConnectionType", "ConnectionType")), []),
            Action("GetConnectionTypeInfo", [], Out(("NewConnectionType", "ConnectionType"), ("NewPossibleConnectionTypes", "PossibleConnectionTypes"))),
            Action("RequestConnection", [], []),
            Action("ForceTermination", [], []),
            Action("GetStatusInfo", [], Out(("NewConnectionStatus", "ConnectionStatus"), ("NewLastConnectionError", "LastConnectionError"), ("NewUptime", "Uptime"))),
            Action("GetNATRSIPStatus", [], Out(("NewRSIPAvailable", "RSIPAvailable"), ("NewNATEnabled", "NATEnabled"))),
            Action(
                "GetGenericPortMappingEntry",
                In(("NewPortMappingIndex", "PortMappingNumberOfEntries")),
                Out(
                    ("NewRemoteHost", "RemoteHost"),
                    ("NewExternalPort", "ExternalPort"),
                    ("NewProtocol", "PortMappingProtocol"),
                    ("NewInternalPort", "InternalPort"),
                    ("NewInternalClient", "InternalClient"),
                    ("NewEnabled", "PortMappingEnabled"),
                    ("NewPortMappingDescription", "PortMappingDescription"),
                    ("NewLeaseDuration", "PortMappingLeaseDuration"))),
            Action(
                "GetSpecificPortMappingEntry",
                In(("NewRemoteHost", "RemoteHost"), ("NewExternalPort", "ExternalPort"), ("NewProtocol", "PortMappingProtocol")),
                Out(
                    ("NewInternalPort", "InternalPort"),
                    ("NewInternalClient", "InternalClient"),
                    ("NewEnabled", "PortMappingEnabled"),
                    ("NewPortMappingDescription", "PortMappingDescription"),
                    ("NewLeaseDuration", "PortMappingLeaseDuration"))),
            Action("AddPortMapping", AddArguments, []),
            Action(
                "DeletePortMapping",
                In(("NewRemoteHost", "RemoteHost"), ("NewExternalPort", "ExternalPort"), ("NewProtocol", "PortMappingProtocol")),
                []),
            Action("GetExternalIPAddress", [], Out(("NewExternalIPAddress", "ExternalIPAddress"))),
            Action(
                "DeletePortMappingRange",
                In(("NewStartPort", "ExternalPort"), ("NewEndPort", "ExternalPort"), ("NewProtocol", "PortMappingProtocol"), ("NewManage", "A_ARG_TYPE_Manage")),
                [],
                2),
            Action(
                "GetListOfPortMappings",
                In(
                    ("NewStartPort", "ExternalPort"),
                    ("NewEndPort", "ExternalPort"),
                    ("NewProtocol", "PortMappingProtocol"),
                    ("NewManage", "A_ARG_TYPE_Manage"),
                    ("NewNumberOfPorts", "PortMappingNumberOfEntries")),
                Out(("NewPortListing", "A_ARG_TYPE_PortListing")),
                2),
            Action("AddAnyPortMapping", AddArguments, Out(("NewReservedPort", "ExternalPort")), 2),
        ],
        [
            new("ConnectionType", "string"),
            new("PossibleConnectionTypes", "string", Evented: true, AllowedValues: ["Unconfigured", "IP_Routed", "IP_Bridged"]),
            new("ConnectionStatus", "string", Evented: true, AllowedValues: ["Unconfigured", "Connecting", "Connected", "PendingDisconnect", "Disconnecting", "Disconnected"]),
            new("Uptime", "ui4"),
            new("LastConnectionError", "string", AllowedValues: ["ERROR_NONE"]),
            new("RSIPAvailable", "boolean"),
            new("NATEnabled", "boolean"),
            new("ExternalIPAddress", "string", Evented: true),
            new("PortMappingNumberOfEntries", "ui2", Evented: true),
            new("PortMappingEnabled", "boolean"),
            new("PortMappingLeaseDuration", "ui4"),
            new("RemoteHost", "string"),
            new("ExternalPort", "ui2"),
            new("InternalPort", "ui2"),
            new("PortMappingProtocol", "string", AllowedValues: [.. Enum.GetValues<MappingProtocol>().Select(p => p.ToUpnp())]),
            new("InternalClient", "string"),
            new("PortMappingDescription", "string"),
            new("SystemUpdateID", "ui4", Evented: true, SinceVersion: 2),
            new("A_ARG_TYPE_Manage", "boolean", SinceVersion: 2),
            new("A_ARG_TYPE_PortListing", "string", SinceVersion: 2),
        ]);

    public static ServiceDefinition WanCommonInterfaceConfig { get; } = new(
        "WANCommonInterfaceConfig",
        [
            Action(
                "GetCommonLinkProperties",
                [],
                Out(
                    ("NewWANAccessType", "WANAccessType"),
                    ("NewLayer1UpstreamMaxBitRate", "Layer1UpstreamMaxBitRate"),
                    ("NewLayer1DownstreamMaxBitRate", "Layer1DownstreamMaxBitRate"),
                    ("NewPhysicalLinkStatus", "PhysicalLinkStatus"))),
            Action("GetTotalBytesSent", [], Out(("NewTotalBytesSent", "TotalBytesSent"))),
            Action("GetTotalBytesReceived", [], Out(("NewTotalBytesReceived", "TotalBytesReceived"))),
            Action("GetTotalPacketsSent", [], Out(("NewTotalPacketsSent", "TotalPacketsSent"))),
            Action("GetTotalPacketsReceived", [], Out(("NewTotalPacketsReceived", "TotalPacketsReceived"))),
        ],
        [
            new("WANAccessType", "string", AllowedValues: ["DSL", "POTS", "Cable", "Ethernet"]),
            new("Layer1UpstreamMaxBitRate", "ui4"),
            new("Layer1DownstreamMaxBitRate", "ui4"),
            new("PhysicalLinkStatus", "string", Evented: true, AllowedValues: ["Up", "Down"]),
            new("TotalBytesSent", "ui4"),
            new("TotalBytesReceived", "ui4"),
            new("TotalPacketsSent", "ui4"),
            new("TotalPacketsReceived", "ui4"),
        ]);

    public static ServiceDefinition Layer3Forwarding { get; } = new(
        "Layer3Forwarding",
        [
            Action("SetDefaultConnectionService", In(("NewDefaultConnectionService", "DefaultConnectionService")), []),
            Action("GetDefaultConnectionService", [], Out(("NewDefaultConnectionService", "DefaultConnectionService"))),
        ],
        [new("DefaultConnectionService", "string", Evented: true)]);

    private static ActionDefinition Action(
        string name, IReadOnlyList<ArgumentDefinition> inArgs, IReadOnlyList<ArgumentDefinition> outArgs, int since = 1) =>
        new(name, inArgs, outArgs, since);

    private static ArgumentDefinition[] In(params (string Name, string Variable)[] args) =>
        [.. args.Select(a => new ArgumentDefinition(a.Name, a.Variable))];

    private static ArgumentDefinition[] Out(params (string Name, string Variable)[] args) => In(args);
}
