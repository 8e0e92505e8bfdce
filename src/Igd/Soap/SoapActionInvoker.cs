using System.Globalization;
using System.Net;
using System.Security;
using System.Text;
using IgdLab.Igd.Description;
using IgdLab.Igd.Mapping;
using IgdLab.Igd.Profiles;
using IgdLab.Igd.Upnp;

namespace IgdLab.Igd.Soap;

/// <summary>Carries out the SOAP actions of WANIPConnection, WANCommonInterfaceConfig and Layer3Forwarding.</summary>
internal sealed class SoapActionInvoker(IGatewayState state, TimeProvider time)
{

    /// <summary>Runs <paramref name="request"/>, which arrived at the control URL of <paramref name="service"/>.</summary>
    /// <returns>The out arguments, in SCPD order.</returns>
    /// <exception cref="UpnpException">The action failed; the code goes back to the client as a fault.</exception>
    public IReadOnlyList<KeyValuePair<string, string>> Invoke(ServiceDefinition service, SoapRequest request, IPAddress caller)
    {
        if (IsQueryStateVariable(request))
        {
            return [KeyValuePair.Create("return", QueryStateVariable(service, request))];
        }

        var servedVersion = ServedVersion(service);
        if (!Addresses(service, request) || (request.ServiceVersion > servedVersion && !IsMisadvertisedName(service, request)))
        {
            throw new UpnpException(UpnpErrorCode.InvalidAction);
        }

        var action = service.FindAction(request.Action, servedVersion) ?? throw new UpnpException(UpnpErrorCode.InvalidAction);
        var args = new SoapArguments(request.Arguments, state.Profile.IgdVersion, state.Profile.CaseSensitiveProtocol);
        var values = service.Name switch
        {
            UpnpUrns.WanIpConnection or UpnpUrns.WanPppConnection => InvokeConnection(action.Name, args, caller),
            UpnpUrns.WanCommonInterfaceConfig => InvokeCommon(action.Name),
            _ => InvokeLayer3(action.Name),
        };

        // Pair values with the SCPD's out-argument names so the order always matches the SCPD.
        if (values.Length != action.Out.Count)
        {
            throw new InvalidOperationException($"{action.Name} produced {values.Length} values for {action.Out.Count} out arguments");
        }

        return [.. action.Out.Select((argument, i) => KeyValuePair.Create(argument.Name, values[i]))];
    }

    /// <summary>Whether <paramref name="request"/> is a UDA 1.0 QueryStateVariable call (control namespace, any control URL).</summary>
    public static bool IsQueryStateVariable(SoapRequest request) =>
        request.Action == UpnpActions.QueryStateVariable
        && string.Equals(request.ServiceType, UpnpUrns.ControlNamespace, StringComparison.Ordinal);

    /// <summary>The version of <paramref name="service"/> this router serves: the profile's IGD version for WANIPConnection, 1 otherwise.</summary>
    public int ServedVersion(ServiceDefinition service) =>
        service.Name == UpnpUrns.WanIpConnection ? state.Profile.IgdVersion : 1;

    private bool Addresses(ServiceDefinition service, SoapRequest request) =>
        string.Equals(request.ServiceName, service.Name, StringComparison.Ordinal) || IsMisadvertisedName(service, request);

    // A misadvertised WANIPConnection:1 (Orange Livebox) is listed as WANPPPConnection:2, and clients call it so.
    private bool IsMisadvertisedName(ServiceDefinition service, SoapRequest request) =>
        state.Profile.Description.MisadvertisedService
        && service.Name == UpnpUrns.WanIpConnection
        && request.ServiceName == UpnpUrns.WanPppConnection;

    // miniupnpd answers the two variables below on its connection services and 404 Invalid Var for anything else.
    private string QueryStateVariable(ServiceDefinition service, SoapRequest request)
    {
        var name = request.Arguments.TryGetValue("varName", out var value) ? value.Trim() : "";
        var isConnection = service.Name is UpnpUrns.WanIpConnection or UpnpUrns.WanPppConnection;
        return (isConnection, name) switch
        {
            (true, "ConnectionStatus") => "Connected",
            (true, "PortMappingNumberOfEntries") => Number(state.Table.Count),
            _ => throw new UpnpException(UpnpErrorCode.InvalidVar),
        };
    }

    private string[] InvokeConnection(string action, SoapArguments args, IPAddress caller)
    {
        var table = state.Table;
        switch (action)
        {
            case UpnpActions.GetExternalIPAddress:
                return [ReportedExternalAddress()];
            case UpnpActions.GetStatusInfo:
                return ["Connected", "ERROR_NONE", Number((long)state.Uptime.TotalSeconds)];
            case UpnpActions.GetConnectionTypeInfo:
                return ["IP_Routed", "IP_Routed"];
            case UpnpActions.GetNATRSIPStatus:
                return ["0", "1"];
            case UpnpActions.SetConnectionType:
            case UpnpActions.RequestConnection:
            case UpnpActions.ForceTermination:
                // The virtual WAN connection is always up; refusing like a real always-on router does.
                throw new UpnpException(UpnpErrorCode.ActionNotAuthorized);
            case UpnpActions.AddPortMapping:
                var request = ReadMappingRequest(args);
                RefuseAddWhileUnable();
                table.Add(request, caller);
                return [];
            case UpnpActions.AddAnyPortMapping:
                var anyRequest = ReadMappingRequest(args);
                RefuseAddWhileUnable();
                return [Number(table.AddAny(anyRequest, caller).ExternalPort)];
            case UpnpActions.DeletePortMapping:
                Delete(args.Port(UpnpArguments.NewExternalPort), args.Protocol(UpnpArguments.NewProtocol), caller);
                return [];
            case UpnpActions.GetSpecificPortMappingEntry:
            {
                var m = GetSpecific(args.Port(UpnpArguments.NewExternalPort), args.Protocol(UpnpArguments.NewProtocol));
                return [Number(m.InternalPort), m.InternalClient.ToString(), Flag(m.Enabled), m.Description, Lease(m)];
            }

            case UpnpActions.GetGenericPortMappingEntry:
            {
                var index = (int)Math.Min(args.UInt(UpnpArguments.NewPortMappingIndex), int.MaxValue);
                var placeholders = state.Profile.Soap.EmptyClientEntries;
                if (index < placeholders)
                {
                    // Sagemcom lists entries nobody made: no client, no port, disabled.
                    return ["", "0", MappingProtocol.Tcp.ToUpnp(), "0", "", "0", "", "0"];
                }

                var m = table.GetGeneric(index - placeholders);
                return
                [
                    m.RemoteHost, Number(m.ExternalPort), m.Protocol.ToUpnp(), Number(m.InternalPort),
                    m.InternalClient.ToString(), Flag(m.Enabled), m.Description, Lease(m),
                ];
            }

            case UpnpActions.DeletePortMappingRange:
                table.DeleteRange(
                    args.Port(UpnpArguments.NewStartPort), args.Port(UpnpArguments.NewEndPort), args.Protocol(UpnpArguments.NewProtocol), args.Bool(UpnpArguments.NewManage), caller);
                return [];
            case UpnpActions.GetListOfPortMappings:
            {
                var listed = table.ListRange(
                    args.Port(UpnpArguments.NewStartPort),
                    args.Port(UpnpArguments.NewEndPort),
                    args.Protocol(UpnpArguments.NewProtocol),
                    args.Bool(UpnpArguments.NewManage),
                    caller,
                    args.Port(UpnpArguments.NewNumberOfPorts));
                return [PortListing(listed)];
            }

            default:
                throw new UpnpException(UpnpErrorCode.InvalidAction);
        }
    }

    /// <summary>What GetExternalIPAddress and the ExternalIPAddress event report under the profile's external-address quirks.</summary>
    public string ReportedExternalAddress() => state.Profile.ReportedExternalAddress(state.WanAddress);

    // miniupnpd refuses to map while it has no public address (double NAT), and for a while after a WAN flap.
    private void RefuseAddWhileUnable()
    {
        if (state.Profile.ExternalAddress == ExternalAddressReport.Empty)
        {
            throw new UpnpException(UpnpErrorCode.ActionFailed);
        }

        if (state.Profile.Soap.WanFlap501Seconds > 0
            && state.WanChangedAt is { } changed
            && time.GetUtcNow() - changed < TimeSpan.FromSeconds(state.Profile.Soap.WanFlap501Seconds))
        {
            throw new UpnpException(UpnpErrorCode.ActionFailed);
        }
    }

    private void Delete(int externalPort, MappingProtocol protocol, IPAddress caller)
    {
        try
        {
            state.Table.Delete(externalPort, protocol, caller);
        }
        catch (UpnpException ex) when (ex.Code == UpnpErrorCode.NoSuchEntryInArray && state.Profile.Soap.DeleteMissingSucceeds)
        {
            // miniupnpd 2.3.1 with nftables answers 200 for an entry it does not have (miniupnp #628).
        }
    }

    private PortMapping GetSpecific(int externalPort, MappingProtocol protocol)
    {
        if (state.Profile.Soap.WrongProtocolEcho)
        {
            // Fritz!Box 7490: the port's entry is found whatever protocol was asked for.
            var other = protocol == MappingProtocol.Tcp ? MappingProtocol.Udp : MappingProtocol.Tcp;
            return state.Table.Find(new MappingKey(externalPort, protocol))
                ?? state.Table.Find(new MappingKey(externalPort, other))
                ?? throw new UpnpException(UpnpErrorCode.NoSuchEntryInArray);
        }

        return state.Table.GetSpecific(externalPort, protocol);
    }

    private string[] InvokeCommon(string action)
    {
        var traffic = state.Traffic;
        return action switch
        {
            UpnpActions.GetCommonLinkProperties => ["Ethernet", "1000000000", "1000000000", "Up"],
            UpnpActions.GetTotalBytesSent => [Counter(traffic.BytesSent)],
            UpnpActions.GetTotalBytesReceived => [Counter(traffic.BytesReceived)],
            UpnpActions.GetTotalPacketsSent => [Counter(traffic.PacketsSent)],
            UpnpActions.GetTotalPacketsReceived => [Counter(traffic.PacketsReceived)],
            _ => throw new UpnpException(UpnpErrorCode.InvalidAction),
        };
    }

    private string[] InvokeLayer3(string action) => action switch
    {
        UpnpActions.GetDefaultConnectionService => [$"{state.ConnectionDeviceUdn}:WANConnectionDevice:1,{UpnpUrns.WanIpConnectionServiceId}"],
        UpnpActions.SetDefaultConnectionService => throw new UpnpException(UpnpErrorCode.ActionNotAuthorized),
        _ => throw new UpnpException(UpnpErrorCode.InvalidAction),
    };

    private static MappingRequest ReadMappingRequest(SoapArguments args) => new()
    {
        RemoteHost = args.OptionalText(UpnpArguments.NewRemoteHost),
        ExternalPort = args.Port(UpnpArguments.NewExternalPort),
        Protocol = args.Protocol(UpnpArguments.NewProtocol),
        InternalPort = args.Port(UpnpArguments.NewInternalPort),
        InternalClient = args.IPv4(UpnpArguments.NewInternalClient),
        Enabled = args.Bool(UpnpArguments.NewEnabled),
        Description = args.OptionalText(UpnpArguments.NewPortMappingDescription),
        LeaseSeconds = args.UInt(UpnpArguments.NewLeaseDuration),
    };

    private string Lease(PortMapping mapping) => Number(mapping.RemainingLeaseSeconds(time.GetUtcNow()));

    private string PortListing(IEnumerable<PortMapping> mappings)
    {
        var builder = new StringBuilder();
        builder.Append("<?xml version=\"1.0\" encoding=\"UTF-8\"?><p:PortMappingList xmlns:p=\"")
            .Append(UpnpUrns.PortListingNamespace)
            .Append("\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">");
        foreach (var m in mappings)
        {
            builder.Append("<p:PortMappingEntry>")
                .Append("<p:NewRemoteHost>").Append(SecurityElement.Escape(m.RemoteHost)).Append("</p:NewRemoteHost>")
                .Append("<p:NewExternalPort>").Append(Number(m.ExternalPort)).Append("</p:NewExternalPort>")
                .Append("<p:NewProtocol>").Append(m.Protocol.ToUpnp()).Append("</p:NewProtocol>")
                .Append("<p:NewInternalPort>").Append(Number(m.InternalPort)).Append("</p:NewInternalPort>")
                .Append("<p:NewInternalClient>").Append(m.InternalClient).Append("</p:NewInternalClient>")
                .Append("<p:NewEnabled>").Append(Flag(m.Enabled)).Append("</p:NewEnabled>")
                .Append("<p:NewDescription>").Append(SecurityElement.Escape(m.Description)).Append("</p:NewDescription>")
                .Append("<p:NewLeaseTime>").Append(Lease(m)).Append("</p:NewLeaseTime>")
                .Append("</p:PortMappingEntry>");
        }

        return builder.Append("</p:PortMappingList>").ToString();
    }

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Counter(long value) => ((uint)(value & uint.MaxValue)).ToString(CultureInfo.InvariantCulture);

    private static string Flag(bool value) => value ? "1" : "0";
}
