using System.Net.Sockets;
using IgdLab.Igd.Forwarding;
using IgdLab.Igd.Mapping;
using IgdLab.TestUtilities;

namespace IgdLab.Igd.Tests.Forwarding;

public sealed partial class ForwardingPlaneTests
{
    [Test]
    public async Task ChangeWanAddressAsync_NewAddress_OldRefusedNewForwards()
    {
        var plane = CreatePlane();
        var tcpServer = StartTcpServer();
        var udpServer = StartUdpServer();
        var tcpPort = FreePort(MappingProtocol.Tcp);
        var udpPort = FreePort(MappingProtocol.Udp);
        plane.OnAdded(Mapping(tcpPort, tcpServer.EndPoint));
        plane.OnAdded(Mapping(udpPort, udpServer.EndPoint, MappingProtocol.Udp));
        var newWan = LoopbackAddresses.Next();

        await plane.ChangeWanAddressAsync(newWan);

        await AssertRefusedAsync(tcpPort);
        Assert.Multiple(async () =>
        {
            Assert.That(plane.WanAddress, Is.EqualTo(newWan));
            Assert.That(await EchoThroughAsync(tcpPort, "new address", newWan), Is.EqualTo("new address"));
            Assert.That(await UdpRoundTripAsync(UdpClient(), new(newWan, udpPort), "new address"), Is.EqualTo("new address"));
        });
    }

    [Test]
    public async Task ChangeWanAddressAsync_OpenConnection_IsClosed()
    {
        var plane = CreatePlane();
        var server = StartTcpServer();
        var port = FreePort(MappingProtocol.Tcp);
        plane.OnAdded(Mapping(port, server.EndPoint));
        var client = await ConnectAsync(port);
        await Poll.UntilAsync(() => plane.ActiveConnections == 1);

        await plane.ChangeWanAddressAsync(LoopbackAddresses.Next());

        Assert.That(await ReadToEndOrResetAsync(client), Is.True);
        Assert.That(plane.ActiveConnections, Is.Zero, "the move waited for the old relays");
    }

    [Test]
    public async Task SuspendAsync_ThenResumeAsync_RefusedWhileDownForwardsAfter()
    {
        var plane = CreatePlane();
        var server = StartTcpServer();
        var port = FreePort(MappingProtocol.Tcp);
        var mapping = Mapping(port, server.EndPoint);
        plane.OnAdded(mapping);

        await plane.SuspendAsync();
        var suspended = plane.IsSuspended;
        await AssertRefusedAsync(port);
        await plane.ResumeAsync([mapping]);

        Assert.That(suspended, Is.True);
        Assert.That(plane.IsSuspended, Is.False);
        Assert.That(await EchoThroughAsync(port, "back up"), Is.EqualTo("back up"));
    }

    [Test]
    public async Task ResumeAsync_PortTakenWhileDown_SkipsThatMappingAndOpensTheRest()
    {
        var plane = CreatePlane();
        var server = StartTcpServer();
        var takenPort = FreePort(MappingProtocol.Tcp);
        var freePort = FreePort(MappingProtocol.Tcp);
        var taken = Mapping(takenPort, server.EndPoint);
        var free = Mapping(freePort, server.EndPoint);
        plane.OnAdded(taken);
        plane.OnAdded(free);
        await plane.SuspendAsync();
        using var foreign = ForeignSocket(takenPort, MappingProtocol.Tcp);

        Assert.That(async () => await plane.ResumeAsync([taken, free]), Throws.Nothing);
        Assert.That(plane.StateOf(taken.Key), Is.EqualTo(WanPortState.Closed));
        Assert.That(await EchoThroughAsync(freePort, "still mapped"), Is.EqualTo("still mapped"));
    }

    [Test]
    public async Task OnAdded_WhileSuspended_OpensOnlyOnResume()
    {
        var plane = CreatePlane();
        var server = StartTcpServer();
        var port = FreePort(MappingProtocol.Tcp);
        var mapping = Mapping(port, server.EndPoint);
        await plane.SuspendAsync();

        plane.OnAdded(mapping);
        await AssertRefusedAsync(port);
        await plane.ResumeAsync([mapping]);

        Assert.That(await EchoThroughAsync(port, "after boot"), Is.EqualTo("after boot"));
    }

    [Test]
    public async Task DisposeAsync_OpenConnection_ClosesEverythingAndWaits()
    {
        var plane = CreatePlane();
        var server = StartTcpServer();
        var port = FreePort(MappingProtocol.Tcp);
        plane.OnAdded(Mapping(port, server.EndPoint));
        var client = await ConnectAsync(port);
        await Poll.UntilAsync(() => plane.ActiveConnections == 1);

        await plane.DisposeAsync();

        Assert.That(plane.ActiveConnections, Is.Zero);
        Assert.That(await ReadToEndOrResetAsync(client), Is.True);
        await AssertRefusedAsync(port);
        Assert.That(() => plane.OnAdded(Mapping(port, server.EndPoint)), Throws.TypeOf<ObjectDisposedException>());
    }
}
