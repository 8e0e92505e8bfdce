using System.Net;
using System.Net.Sockets;
using IgdLab.Contracts.InProcess;
using IgdLab.Igd.Mapping;

namespace IgdLab.Igd.Forwarding;

/// <summary>
/// Opens a plane's WAN ports where they live: kernel sockets on the WAN address, or offers on the in-process WAN
/// (<see cref="ForwardingContext.Wan"/>). A port already held fails alike on both, with a
/// <see cref="SocketException"/> of <see cref="SocketError.AddressAlreadyInUse"/>.
/// </summary>
internal static class WanPorts
{
    /// <summary>A TCP port at <paramref name="endPoint"/>.</summary>
    public static ITcpWanListener ListenTcp(IPEndPoint endPoint, MappingKey key, ForwardingContext context) =>
        context.Wan is { } wan
            ? new InProcessTcpListener(wan, endPoint, key, context)
            : new KernelTcpListener(WanSockets.ListenTcp(endPoint), key, context);

    /// <summary>A UDP port at <paramref name="endPoint"/>.</summary>
    public static IUdpWanSocket BindUdp(IPEndPoint endPoint, MappingKey key, ForwardingContext context) =>
        context.Wan is { } wan
            ? new InProcessUdpSocket(wan, endPoint, context)
            : new KernelUdpSocket(WanSockets.BindUdp(endPoint), key, context);

    /// <summary>Finds out whether something else holds <paramref name="endPoint"/>, without keeping it.</summary>
    public static void ProbeBind(IPEndPoint endPoint, MappingProtocol protocol, ForwardingContext context)
    {
        if (context.Wan is not { } wan)
        {
            WanSockets.ProbeBind(endPoint, protocol);
            return;
        }

        var held = protocol == MappingProtocol.Tcp ? wan.FindConnections(endPoint) is not null : wan.FindDatagrams(endPoint) is not null;
        if (held)
        {
            throw new SocketException((int)SocketError.AddressAlreadyInUse);
        }
    }

    /// <summary>Runs an offer, turning "already offered" into the socket error a kernel bind would give.</summary>
    public static void Bind(Action offer)
    {
        try
        {
            offer();
        }
        catch (InvalidOperationException)
        {
            throw new SocketException((int)SocketError.AddressAlreadyInUse);
        }
    }
}
