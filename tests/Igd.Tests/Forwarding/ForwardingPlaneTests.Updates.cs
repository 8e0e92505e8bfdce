using System.Net.Sockets;
using IgdLab.Igd.Events;
using IgdLab.Igd.Forwarding;
using IgdLab.Igd.Mapping;
using IgdLab.Igd.Profiles;
using IgdLab.Igd.Upnp;
using IgdLab.TestUtilities;

namespace IgdLab.Igd.Tests.Forwarding;

public sealed partial class ForwardingPlaneTests
{
    [Test]
    public async Task OnRemoved_RefuseProfile_ConnectionRefused()
    {
        var plane = CreatePlane();
        var server = StartTcpServer();
        var port = FreePort(MappingProtocol.Tcp);
        var mapping = Mapping(port, server.EndPoint);
        plane.OnAdded(mapping);
        await EchoThroughAsync(port, "while mapped");

        plane.OnRemoved(mapping, RemovalReason.Deleted);

        await AssertRefusedAsync(port);
        Assert.That(plane.StateOf(mapping.Key), Is.EqualTo(WanPortState.Closed));
    }

    [Test]
    public async Task OnRemoved_OpenConnection_IsClosed()
    {
        var plane = CreatePlane();
        var server = StartTcpServer();
        var port = FreePort(MappingProtocol.Tcp);
        var mapping = Mapping(port, server.EndPoint);
        plane.OnAdded(mapping);
        var client = await ConnectAsync(port);
        await Poll.UntilAsync(() => plane.ActiveConnections == 1);

        plane.OnRemoved(mapping, RemovalReason.Dropped);

        using var limit = Within(WaitLimit);
        Assert.That(
            async () => await client.ReceiveAsync(new byte[16], SocketFlags.None, limit.Token),
            Throws.TypeOf<SocketException>().With.Property(nameof(SocketException.SocketErrorCode)).EqualTo(SocketError.ConnectionReset));
        Assert.That(await Poll.UntilAsync(() => plane.ActiveConnections == 0), Is.True);
    }

    [Test]
    public async Task OnUpdated_Zombie_StopsForwarding()
    {
        var plane = CreatePlane();
        var server = StartTcpServer();
        var port = FreePort(MappingProtocol.Tcp);
        var mapping = Mapping(port, server.EndPoint);
        plane.OnAdded(mapping);

        plane.OnUpdated(mapping, mapping with { Zombie = true });

        await AssertRefusedAsync(port);
        Assert.That(server.Callers, Is.Empty);
    }

    [Test]
    public async Task OnUpdated_ZombieRenewed_StillDoesNotForward()
    {
        var plane = CreatePlane();
        var server = StartTcpServer();
        var port = FreePort(MappingProtocol.Tcp);
        var zombie = Mapping(port, server.EndPoint) with { Zombie = true };
        plane.OnAdded(zombie);

        plane.OnUpdated(zombie, zombie with { LeaseSeconds = 3600 });

        await AssertRefusedAsync(port);
    }

    [Test]
    public async Task OnUpdated_DisabledThenEnabled_ForwardsAgain()
    {
        var plane = CreatePlane();
        var server = StartTcpServer();
        var port = FreePort(MappingProtocol.Tcp);
        var mapping = Mapping(port, server.EndPoint);
        plane.OnAdded(mapping);
        var disabled = mapping with { Enabled = false };

        plane.OnUpdated(mapping, disabled);
        await AssertRefusedAsync(port);
        plane.OnUpdated(disabled, mapping);

        Assert.That(await EchoThroughAsync(port, "enabled again"), Is.EqualTo("enabled again"));
    }

    [Test]
    public async Task OnUpdated_NewInternalClientAndPort_NewConnectionsReachNewTarget()
    {
        var plane = CreatePlane();
        var oldServer = StartTcpServer();
        var newServer = StartTcpServer(LoopbackAddresses.Next());
        var port = FreePort(MappingProtocol.Tcp);
        var mapping = Mapping(port, oldServer.EndPoint);
        plane.OnAdded(mapping);
        await EchoThroughAsync(port, "to old");

        plane.OnUpdated(mapping, mapping with { InternalClient = newServer.EndPoint.Address, InternalPort = newServer.EndPoint.Port });
        await EchoThroughAsync(port, "to new");

        Assert.That(oldServer.Callers, Has.Count.EqualTo(1));
        Assert.That(newServer.Callers, Has.Count.EqualTo(1));
    }

    [TestCase(MappingProtocol.Tcp)]
    [TestCase(MappingProtocol.Udp)]
    public void OnAdded_PortHeldByForeignSocket_Throws729(MappingProtocol protocol)
    {
        var plane = CreatePlane();
        var port = FreePort(protocol);
        using var foreign = ForeignSocket(port, protocol);

        Assert.That(
            () => plane.OnAdded(Mapping(port, new(_lan, 9), protocol)),
            Throws.TypeOf<UpnpException>().With.Property(nameof(UpnpException.Code)).EqualTo(UpnpErrorCode.ConflictWithOtherMechanisms));
        Assert.That(plane.StateOf(new MappingKey(port, protocol)), Is.EqualTo(WanPortState.Closed));
    }

    [Test]
    public void OnAdded_DisabledMappingOnForeignPort_Throws729()
    {
        var plane = CreatePlane();
        var port = FreePort(MappingProtocol.Tcp);
        using var foreign = ForeignSocket(port, MappingProtocol.Tcp);

        Assert.That(
            () => plane.OnAdded(Mapping(port, new(_lan, 9)) with { Enabled = false }),
            Throws.TypeOf<UpnpException>().With.Property(nameof(UpnpException.Code)).EqualTo(UpnpErrorCode.ConflictWithOtherMechanisms));
    }

    [Test]
    public async Task MappingTableAdd_PortHeldByForeignSocket_RefusedAndNotListed()
    {
        var plane = CreatePlane();
        using var table = new MappingTable(new RouterProfile(), _time, seed: 1);
        table.Observe(plane);
        var server = StartTcpServer();
        var port = FreePort(MappingProtocol.Tcp);
        using var foreign = ForeignSocket(port, MappingProtocol.Tcp);
        var request = new MappingRequest
        {
            ExternalPort = port,
            Protocol = MappingProtocol.Tcp,
            InternalClient = _lan,
            InternalPort = server.EndPoint.Port,
        };

        Assert.That(
            () => table.Add(request, _lan),
            Throws.TypeOf<UpnpException>().With.Property(nameof(UpnpException.Code)).EqualTo(UpnpErrorCode.ConflictWithOtherMechanisms));
        Assert.That(table.Count, Is.Zero);

        var granted = table.AddAny(request, _lan);
        Assert.That(granted.ExternalPort, Is.Not.EqualTo(port), "AddAnyPortMapping moves past the busy port");
        Assert.That(await EchoThroughAsync(granted.ExternalPort, "via the next port"), Is.EqualTo("via the next port"));
    }

    private Socket ForeignSocket(int port, MappingProtocol protocol)
    {
        var socket = protocol == MappingProtocol.Tcp
            ? new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp)
            : new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new System.Net.IPEndPoint(_wan, port));
        if (protocol == MappingProtocol.Tcp)
        {
            socket.Listen();
        }

        return socket;
    }
}
