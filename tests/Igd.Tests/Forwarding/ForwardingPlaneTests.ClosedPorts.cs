using System.Net;
using System.Net.Sockets;
using IgdLab.Igd.Events;
using IgdLab.Igd.Forwarding;
using IgdLab.Igd.Mapping;
using IgdLab.Igd.Profiles;

namespace IgdLab.Igd.Tests.Forwarding;

public sealed partial class ForwardingPlaneTests
{
    [Test]
    public async Task OnRemoved_SilentProfile_ConnectionAcceptedButNoDataArrives()
    {
        var plane = CreatePlane(ClosedPortBehaviour.Silent);
        var server = StartTcpServer();
        var port = FreePort(MappingProtocol.Tcp);
        var mapping = Mapping(port, server.EndPoint);
        plane.OnAdded(mapping);

        plane.OnRemoved(mapping, RemovalReason.Dropped);
        await AssertSilentAsync(port);

        Assert.That(plane.StateOf(mapping.Key), Is.EqualTo(WanPortState.Silent));
        Assert.That(server.Callers, Is.Empty);
    }

    [Test]
    public async Task OnRemoved_SilentProfileUdp_DatagramSwallowed()
    {
        var plane = CreatePlane(ClosedPortBehaviour.Silent);
        var server = StartUdpServer();
        var port = FreePort(MappingProtocol.Udp);
        var mapping = Mapping(port, server.EndPoint, MappingProtocol.Udp);
        plane.OnAdded(mapping);

        plane.OnRemoved(mapping, RemovalReason.Dropped);
        var client = UdpClient();
        client.Connect(new IPEndPoint(_wan, port));
        await client.SendAsync("anyone?"u8.ToArray());
        using var window = Within(SilenceWindow);

        // A refused datagram would surface as ConnectionRefused on this connected socket; a swallowed one times out.
        Assert.That(
            async () => await client.ReceiveAsync(new byte[16], SocketFlags.None, window.Token),
            Throws.InstanceOf<OperationCanceledException>());
        Assert.That(await Poll.UntilAsync(() => plane.BytesReceived == 7), Is.True, "the WAN interface still saw it");
        Assert.That(server.Senders, Is.Empty);
    }

    [Test]
    public async Task OnUpdated_ZombieOnSilentRouter_HoldsConnections()
    {
        var plane = CreatePlane(ClosedPortBehaviour.Silent);
        var server = StartTcpServer();
        var port = FreePort(MappingProtocol.Tcp);
        var mapping = Mapping(port, server.EndPoint);
        plane.OnAdded(mapping);

        plane.OnUpdated(mapping, mapping with { Zombie = true });

        await AssertSilentAsync(port);
    }

    [Test]
    public async Task OnRemoved_SilentZombie_HeldConnectionStaysSilent()
    {
        var plane = CreatePlane(ClosedPortBehaviour.Silent);
        var server = StartTcpServer();
        var port = FreePort(MappingProtocol.Tcp);
        var zombie = Mapping(port, server.EndPoint) with { Zombie = true };
        plane.OnAdded(zombie);
        var held = await ConnectAsync(port);

        plane.OnRemoved(zombie, RemovalReason.Deleted);

        using var window = Within(SilenceWindow);
        Assert.That(
            async () => await held.ReceiveAsync(new byte[16], SocketFlags.None, window.Token),
            Throws.InstanceOf<OperationCanceledException>(),
            "neither reset nor closed by the removal");
    }

    [Test]
    public async Task OnAdded_SilentPortOnSameKey_ForwardsAgain()
    {
        var plane = CreatePlane(ClosedPortBehaviour.Silent);
        var server = StartTcpServer();
        var port = FreePort(MappingProtocol.Tcp);
        var mapping = Mapping(port, server.EndPoint);
        plane.OnAdded(mapping);
        plane.OnRemoved(mapping, RemovalReason.Expired);
        var held = await ConnectAsync(port);

        plane.OnAdded(mapping);

        Assert.That(await EchoThroughAsync(port, "mapped again"), Is.EqualTo("mapped again"));
        Assert.That(await ReadToEndOrResetAsync(held), Is.True, "the held connection ends with the silent port");
    }

    [Test]
    public async Task ResumeAsync_SilentProfileWithEmptyTable_OldPortsStaySilent()
    {
        var plane = CreatePlane(ClosedPortBehaviour.Silent);
        var server = StartTcpServer();
        var port = FreePort(MappingProtocol.Tcp);
        var mapping = Mapping(port, server.EndPoint);
        plane.OnAdded(mapping);

        await plane.SuspendAsync();
        await AssertRefusedAsync(port);
        await plane.ResumeAsync([]);

        await AssertSilentAsync(port);
    }

    [Test]
    public async Task ChangeWanAddressAsync_SilentPort_MovesAndOldAddressRefuses()
    {
        var plane = CreatePlane(ClosedPortBehaviour.Silent);
        var server = StartTcpServer();
        var port = FreePort(MappingProtocol.Tcp);
        var mapping = Mapping(port, server.EndPoint);
        plane.OnAdded(mapping);
        plane.OnRemoved(mapping, RemovalReason.Dropped);
        var newWan = IgdLab.TestUtilities.LoopbackAddresses.Next();

        await plane.ChangeWanAddressAsync(newWan);

        await AssertRefusedAsync(port);
        await AssertSilentAsync(port, newWan);
    }

    private async Task AssertSilentAsync(int port, IPAddress? wan = null)
    {
        var client = await ConnectAsync(port, wan);
        await client.SendAsync("hello?"u8.ToArray());
        using var window = Within(SilenceWindow);
        Assert.That(
            async () => await client.ReceiveAsync(new byte[16], SocketFlags.None, window.Token),
            Throws.InstanceOf<OperationCanceledException>(),
            "accepted, but not a byte comes back");
    }

    private static async Task<bool> ReadToEndOrResetAsync(Socket client)
    {
        try
        {
            return (await ReadToEndAsync(client)).Length == 0;
        }
        catch (SocketException ex) when (ex.SocketErrorCode == SocketError.ConnectionReset)
        {
            return true;
        }
    }
}
