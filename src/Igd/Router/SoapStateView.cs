using System.Net;
using IgdLab.Igd.Description;
using IgdLab.Igd.Forwarding;
using IgdLab.Igd.Mapping;
using IgdLab.Igd.Profiles;
using IgdLab.Igd.Soap;

namespace IgdLab.Igd.Router;

/// <summary>The gateway as the SOAP actions see it.</summary>
internal sealed class SoapStateView(RouterProfile profile, MappingTable table, RouterState state, DeviceNode deviceTree, ForwardingPlane forwarding) : IGatewayState
{
    public RouterProfile Profile => profile;

    public MappingTable Table => table;

    public IPAddress WanAddress => state.WanAddress;

    public DateTimeOffset? WanChangedAt => state.WanChangedAt;

    public TimeSpan Uptime => state.Uptime;

    public string ConnectionDeviceUdn => deviceTree.Devices[0].Devices[0].Udn;

    public (long BytesSent, long BytesReceived, long PacketsSent, long PacketsReceived) Traffic =>
        (forwarding.BytesSent, forwarding.BytesReceived, forwarding.PacketsSent, forwarding.PacketsReceived);
}
