namespace IgdLab.Igd.Soap;

/// <summary>The services of the virtual IGD: WANIPConnection:1/:2, WANPPPConnection:1, WANCommonInterfaceConfig:1, Layer3Forwarding:1.</summary>
internal static class ServiceCatalog
{
    // Declared first: static initializers run in text order and WanIpConnection uses it.
    private static IReadOnlyList<ArgumentDefinition> AddArguments { get; } = In(
        (UpnpArguments.NewRemoteHost, "RemoteHost"),
        (UpnpArguments.NewExternalPort, "ExternalPort"),
        (UpnpArguments.NewProtocol, "PortMappingProtocol"),
        (UpnpArguments.NewInternalPort, "InternalPort"),
        (UpnpArguments.NewInternalClient, "InternalClient"),
        (UpnpArguments.NewEnabled, "PortMappingEnabled"),
        (UpnpArguments.NewPortMappingDescription, "PortMappingDescription"),
        (UpnpArguments.NewLeaseDuration, "PortMappingLeaseDuration"));

    public static ServiceDefinition WanIpConnection { get; } = new(
        "WANIPConnection",
        [
            Action(UpnpActions.SetConnectionType, In((UpnpArguments.NewConnectionType, "ConnectionType")), []),
            Action(UpnpActions.GetConnectionTypeInfo, [], Out((UpnpArguments.NewConnectionType, "ConnectionType"), (UpnpArguments.NewPossibleConnectionTypes, "PossibleConnectionTypes"))),
            Action(UpnpActions.RequestConnection, [], []),
            Action(UpnpActions.ForceTermination, [], []),
            Action(UpnpActions.GetStatusInfo, [], Out((UpnpArguments.NewConnectionStatus, "ConnectionStatus"), (UpnpArguments.NewLastConnectionError, "LastConnectionError"), (UpnpArguments.NewUptime, "Uptime"))),
            Action(UpnpActions.GetNATRSIPStatus, [], Out((UpnpArguments.NewRSIPAvailable, "RSIPAvailable"), (UpnpArguments.NewNATEnabled, "NATEnabled"))),
            Action(
                UpnpActions.GetGenericPortMappingEntry,
                In((UpnpArguments.NewPortMappingIndex, "PortMappingNumberOfEntries")),
                Out(
                    (UpnpArguments.NewRemoteHost, "RemoteHost"),
                    (UpnpArguments.NewExternalPort, "ExternalPort"),
                    (UpnpArguments.NewProtocol, "PortMappingProtocol"),
                    (UpnpArguments.NewInternalPort, "InternalPort"),
                    (UpnpArguments.NewInternalClient, "InternalClient"),
                    (UpnpArguments.NewEnabled, "PortMappingEnabled"),
                    (UpnpArguments.NewPortMappingDescription, "PortMappingDescription"),
                    (UpnpArguments.NewLeaseDuration, "PortMappingLeaseDuration"))),
            Action(
                UpnpActions.GetSpecificPortMappingEntry,
                In((UpnpArguments.NewRemoteHost, "RemoteHost"), (UpnpArguments.NewExternalPort, "ExternalPort"), (UpnpArguments.NewProtocol, "PortMappingProtocol")),
                Out(
                    (UpnpArguments.NewInternalPort, "InternalPort"),
                    (UpnpArguments.NewInternalClient, "InternalClient"),
                    (UpnpArguments.NewEnabled, "PortMappingEnabled"),
                    (UpnpArguments.NewPortMappingDescription, "PortMappingDescription"),
                    (UpnpArguments.NewLeaseDuration, "PortMappingLeaseDuration"))),
            Action(UpnpActions.AddPortMapping, AddArguments, []),
            Action(
                UpnpActions.DeletePortMapping,
                In((UpnpArguments.NewRemoteHost, "RemoteHost"), (UpnpArguments.NewExternalPort, "ExternalPort"), (UpnpArguments.NewProtocol, "PortMappingProtocol")),
                []),
            Action(UpnpActions.GetExternalIPAddress, [], Out((UpnpArguments.NewExternalIPAddress, "ExternalIPAddress"))),
            Action(
                UpnpActions.DeletePortMappingRange,
                In((UpnpArguments.NewStartPort, "ExternalPort"), (UpnpArguments.NewEndPort, "ExternalPort"), (UpnpArguments.NewProtocol, "PortMappingProtocol"), (UpnpArguments.NewManage, "A_ARG_TYPE_Manage")),
                [],
                2),
            Action(
                UpnpActions.GetListOfPortMappings,
                In(
                    (UpnpArguments.NewStartPort, "ExternalPort"),
                    (UpnpArguments.NewEndPort, "ExternalPort"),
                    (UpnpArguments.NewProtocol, "PortMappingProtocol"),
                    (UpnpArguments.NewManage, "A_ARG_TYPE_Manage"),
                    (UpnpArguments.NewNumberOfPorts, "PortMappingNumberOfEntries")),
                Out((UpnpArguments.NewPortListing, "A_ARG_TYPE_PortListing")),
                2),
            Action(UpnpActions.AddAnyPortMapping, AddArguments, Out((UpnpArguments.NewReservedPort, "ExternalPort")), 2),
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

    /// <summary>WANPPPConnection:1: the actions and variables of WANIPConnection:1 over the same mapping table.</summary>
    public static ServiceDefinition WanPppConnection { get; } = WanIpConnection with { Name = UpnpUrns.WanPppConnection };

    public static ServiceDefinition WanCommonInterfaceConfig { get; } = new(
        "WANCommonInterfaceConfig",
        [
            Action(
                UpnpActions.GetCommonLinkProperties,
                [],
                Out(
                    (UpnpArguments.NewWANAccessType, "WANAccessType"),
                    ("NewLayer1UpstreamMaxBitRate", "Layer1UpstreamMaxBitRate"),
                    ("NewLayer1DownstreamMaxBitRate", "Layer1DownstreamMaxBitRate"),
                    (UpnpArguments.NewPhysicalLinkStatus, "PhysicalLinkStatus"))),
            Action(UpnpActions.GetTotalBytesSent, [], Out((UpnpArguments.NewTotalBytesSent, "TotalBytesSent"))),
            Action(UpnpActions.GetTotalBytesReceived, [], Out((UpnpArguments.NewTotalBytesReceived, "TotalBytesReceived"))),
            Action(UpnpActions.GetTotalPacketsSent, [], Out((UpnpArguments.NewTotalPacketsSent, "TotalPacketsSent"))),
            Action(UpnpActions.GetTotalPacketsReceived, [], Out((UpnpArguments.NewTotalPacketsReceived, "TotalPacketsReceived"))),
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
            Action(UpnpActions.SetDefaultConnectionService, In((UpnpArguments.NewDefaultConnectionService, "DefaultConnectionService")), []),
            Action(UpnpActions.GetDefaultConnectionService, [], Out((UpnpArguments.NewDefaultConnectionService, "DefaultConnectionService"))),
        ],
        [new("DefaultConnectionService", "string", Evented: true)]);

    private static ActionDefinition Action(
        string name, IReadOnlyList<ArgumentDefinition> inArgs, IReadOnlyList<ArgumentDefinition> outArgs, int since = 1) =>
        new(name, inArgs, outArgs, since);

    private static ArgumentDefinition[] In(params (string Name, string Variable)[] args) =>
        [.. args.Select(a => new ArgumentDefinition(a.Name, a.Variable))];

    private static ArgumentDefinition[] Out(params (string Name, string Variable)[] args) => In(args);
}
