using System.Globalization;
using System.Net;
using System.Security;
using System.Text;
using IgdLab.Igd.Description;
using IgdLab.Igd.Mapping;
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
        var servedVersion = ServedVersion(service);
        if (!string.Equals(request.ServiceName, service.Name, StringComparison.Ordinal) || request.ServiceVersion > servedVersion)
        {
            throw new UpnpException(UpnpErrorCode.InvalidAction);
        }

        var action = service.FindAction(request.Action, servedVersion) ?? throw new UpnpException(UpnpErrorCode.InvalidAction);
        var args = new SoapArguments(request.Arguments, state.Profile.IgdVersion, state.Profile.CaseSensitiveProtocol);
        var values = service.Name switch
        {
            UpnpUrns.WanIpConnection => InvokeWanIp(action.Name, args, caller),
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

    private int ServedVersion(ServiceDefinition service) =>
        service.Name == UpnpUrns.WanIpConnection ? state.Profile.IgdVersion : 1;

    private string[] InvokeWanIp(string action, SoapArguments args, IPAddress caller)
    {
        var table = state.Table;
        switch (action)
        {
            case UpnpActions.GetExternalIPAddress:
                return [state.WanAddress.ToString()];
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
                table.Add(ReadMappingRequest(args), caller);
                return [];
            case UpnpActions.AddAnyPortMapping:
                return [Number(table.AddAny(ReadMappingRequest(args), caller).ExternalPort)];
            case UpnpActions.DeletePortMapping:
                table.Delete(args.Port(UpnpArguments.NewExternalPort), args.Protocol(UpnpArguments.NewProtocol), caller);
                return [];
            case UpnpActions.GetSpecificPortMappingEntry:
            {
                var m = table.GetSpecific(args.Port(UpnpArguments.NewExternalPort), args.Protocol(UpnpArguments.NewProtocol));
                return [Number(m.InternalPort), m.InternalClient.ToString(), Flag(m.Enabled), m.Description, Lease(m)];
            }

            case UpnpActions.GetGenericPortMappingEntry:
            {
                var m = table.GetGeneric(checked((int)Math.Min(args.UInt(UpnpArguments.NewPortMappingIndex), int.MaxValue)));
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
