using System.Net;
using System.Net.Sockets;
using System.Text;
using IgdLab.Contracts.InProcess;
using IgdLab.Igd.Forwarding;
using IgdLab.Igd.Mapping;
using IgdLab.Igd.Profiles;
using IgdLab.TestUtilities;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace IgdLab.Igd.Tests.Forwarding;

/// <summary>
/// The forwarding plane on real loopback sockets. Every test has its own WAN, LAN and outside-peer addresses, so tests
/// run in parallel without colliding. Time-driven behaviour (UDP idle timeout, activity stamps) uses a fake clock.
/// </summary>
[TestFixture]
[Category("Loopback")]
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed partial class ForwardingPlaneTests
{
    private static readonly TimeSpan WaitLimit = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan SilenceWindow = TimeSpan.FromMilliseconds(300);

    private readonly FakeTimeProvider _time = new();
    private readonly IPAddress _wan = LoopbackAddresses.Next();
    private readonly IPAddress _lan = LoopbackAddresses.Next();
    private readonly IPAddress _peer = LoopbackAddresses.Next();
    private readonly List<IAsyncDisposable> _disposables = [];
    private readonly List<Socket> _sockets = [];

    [TearDown]
    public async Task TearDown()
    {
        foreach (var socket in _sockets)
        {
            socket.Dispose();
        }

        for (var i = _disposables.Count - 1; i >= 0; i--)
        {
            await _disposables[i].DisposeAsync().AsTask().WaitAsync(WaitLimit, TimeProvider.System);
        }
    }

    [Test]
    public async Task OnAdded_TcpMapping_RoundTripsThroughWanPort()
    {
        var plane = CreatePlane();
        var server = StartTcpServer();
        var port = FreePort(MappingProtocol.Tcp);

        plane.OnAdded(Mapping(port, server.EndPoint));

        Assert.That(await EchoThroughAsync(port, "hello through the router"), Is.EqualTo("hello through the router"));
        Assert.That(plane.StateOf(new MappingKey(port, MappingProtocol.Tcp)), Is.EqualTo(WanPortState.Forwarding));
    }

    [Test]
    public async Task OnAdded_LargeTransfer_ArrivesIntact()
    {
        var plane = CreatePlane();
        var server = StartTcpServer();
        var port = FreePort(MappingProtocol.Tcp);
        plane.OnAdded(Mapping(port, server.EndPoint));
        var payload = new byte[1 << 20];
        new Random(7).NextBytes(payload);

        var client = await ConnectAsync(port);
        var echoed = await RoundTripAsync(client, payload);

        Assert.That(echoed, Is.EqualTo(payload));
    }

    [Test]
    public async Task OnAdded_SixtyConcurrentTcpConnections_AllRoundTripAndAreCounted()
    {
        const int Connections = 60;
        var plane = CreatePlane();
        var server = StartTcpServer();
        var port = FreePort(MappingProtocol.Tcp);
        plane.OnAdded(Mapping(port, server.EndPoint));

        var clients = await Task.WhenAll(Enumerable.Range(0, Connections).Select(_ => ConnectAsync(port)));
        var allOpen = await Poll.UntilAsync(() => plane.ActiveConnections == Connections);
        var echoes = await Task.WhenAll(clients.Select((c, i) => RoundTripAsync(c, Encoding.ASCII.GetBytes($"connection {i}"))));

        Assert.Multiple(() =>
        {
            Assert.That(allOpen, Is.True, "every connection relayed at once");
            Assert.That(echoes.Select(Encoding.ASCII.GetString), Is.EqualTo(Enumerable.Range(0, Connections).Select(i => $"connection {i}")));
            Assert.That(server.Callers, Has.Count.EqualTo(Connections));
        });
        Assert.That(await Poll.UntilAsync(() => plane.ActiveConnections == 0), Is.True, "relays end when both sides closed");
    }

    [Test]
    public async Task OnAdded_LoopbackPeer_InternalServiceSeesPeerAddress()
    {
        var plane = CreatePlane();
        var server = StartTcpServer();
        var port = FreePort(MappingProtocol.Tcp);
        plane.OnAdded(Mapping(port, server.EndPoint));

        await EchoThroughAsync(port, "who am I");

        Assert.That(server.Callers.Single().Address, Is.EqualTo(_peer));
    }

    [Test]
    public async Task OnAdded_InternalServiceDown_OutsideConnectionIsReset()
    {
        var plane = CreatePlane();
        var deadService = new IPEndPoint(_lan, FreePort(_lan, MappingProtocol.Tcp));
        var port = FreePort(MappingProtocol.Tcp);
        plane.OnAdded(Mapping(port, deadService));

        await AssertResetAsync(port);
        Assert.That(await Poll.UntilAsync(() => plane.ActiveConnections == 0), Is.True);
    }

    [Test]
    public async Task OnAdded_InternalServiceDown_ResetsAtOnceWithoutSendingData()
    {
        // A kernel NAT passes the SYN on and the outside sees "refused"; a user-space listener has already accepted, so
        // the nearest it can come is a reset as soon as the inside connect fails, never an orderly close or any data.
        var plane = CreatePlane();
        var deadService = new IPEndPoint(_lan, FreePort(_lan, MappingProtocol.Tcp));
        var port = FreePort(MappingProtocol.Tcp);
        plane.OnAdded(Mapping(port, deadService));

        var received = 0;
        SocketError? error = null;
        using var limit = Within(TimeSpan.FromSeconds(2));
        try
        {
            var client = await ConnectAsync(port);
            int read;
            while ((read = await client.ReceiveAsync(new byte[64], SocketFlags.None, limit.Token)) > 0)
            {
                received += read;
            }
        }
        catch (SocketException ex)
        {
            error = ex.SocketErrorCode;
        }

        Assert.That(error, Is.EqualTo(SocketError.ConnectionReset), "a reset, not an orderly close");
        Assert.That(received, Is.Zero);
    }

    [Test]
    public async Task OnAdded_RemoteHostSet_OnlyThatHostIsForwarded()
    {
        var plane = CreatePlane();
        var server = StartTcpServer();
        var port = FreePort(MappingProtocol.Tcp);
        plane.OnAdded(Mapping(port, server.EndPoint) with { RemoteHost = _peer.ToString() });

        Assert.That(await EchoThroughAsync(port, "allowed"), Is.EqualTo("allowed"));
        await AssertResetAsync(port, from: LoopbackAddresses.Next());
        Assert.That(server.Callers.Select(c => c.Address), Is.EqualTo(new[] { _peer }));
    }

    [Test]
    public async Task OnAdded_SamePortRightAfterRemoval_BindsDespiteTimeWait()
    {
        // The relay closes first when the device closes first, which leaves WAN:port in TIME_WAIT.
        var plane = CreatePlane();
        using var device = ListeningDevice();
        var port = FreePort(MappingProtocol.Tcp);
        var mapping = Mapping(port, (IPEndPoint)device.LocalEndPoint!);
        plane.OnAdded(mapping);
        var client = await ConnectAsync(port);
        using (var accepted = await device.AcceptAsync().WaitAsync(WaitLimit, TimeProvider.System))
        {
            await accepted.SendAsync("bye"u8.ToArray());
        }

        Assert.That(await ReadToEndAsync(client), Is.EqualTo("bye"u8.ToArray()));
        client.Dispose();
        await Poll.UntilAsync(() => plane.ActiveConnections == 0);
        plane.OnRemoved(mapping, Events.RemovalReason.Deleted);

        Assert.That(() => plane.OnAdded(mapping), Throws.Nothing);
    }

    private ForwardingPlane CreatePlane(
        ClosedPortBehaviour closedPorts = ClosedPortBehaviour.Refuse, TimeSpan? udpIdleTimeout = null, IInProcessNetwork? handOff = null, IInProcessNetwork? wan = null)
    {
        var plane = new ForwardingPlane(_wan, closedPorts, _time, NullLogger.Instance, udpSessionIdleTimeout: udpIdleTimeout, handOff: handOff, wan: wan);
        _disposables.Add(plane);
        return plane;
    }

    private TcpEchoServer StartTcpServer(IPAddress? address = null)
    {
        var server = TcpEchoServer.Start(address ?? _lan);
        _disposables.Add(server);
        return server;
    }

    private UdpEchoServer StartUdpServer(IPAddress? address = null)
    {
        var server = UdpEchoServer.Start(address ?? _lan);
        _disposables.Add(server);
        return server;
    }

    private PortMapping Mapping(int externalPort, IPEndPoint target, MappingProtocol protocol = MappingProtocol.Tcp) => new()
    {
        ExternalPort = externalPort,
        Protocol = protocol,
        InternalClient = target.Address,
        InternalPort = target.Port,
        CreatedAt = _time.GetUtcNow(),
    };

    private int FreePort(MappingProtocol protocol) => FreePort(_wan, protocol);

    /// <summary>A port nobody holds on <paramref name="address"/>; the address is this test's own, so it stays free.</summary>
    private static int FreePort(IPAddress address, MappingProtocol protocol)
    {
        using var probe = protocol == MappingProtocol.Tcp
            ? new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp)
            : new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        probe.Bind(new IPEndPoint(address, 0));
        return ((IPEndPoint)probe.LocalEndPoint!).Port;
    }

    private async Task<Socket> ConnectAsync(int port, IPAddress? wan = null, IPAddress? from = null)
    {
        var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        _sockets.Add(client);
        client.Bind(new IPEndPoint(from ?? _peer, 0));
        using var limit = Within(WaitLimit);
        await client.ConnectAsync(new IPEndPoint(wan ?? _wan, port), limit.Token);
        return client;
    }

    private Socket UdpClient(IPAddress? from = null)
    {
        var client = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        _sockets.Add(client);
        client.Bind(new IPEndPoint(from ?? _peer, 0));
        return client;
    }

    private async Task<string> EchoThroughAsync(int port, string text, IPAddress? wan = null)
    {
        var client = await ConnectAsync(port, wan);
        return Encoding.UTF8.GetString(await RoundTripAsync(client, Encoding.UTF8.GetBytes(text)));
    }

    private async Task AssertRefusedAsync(int port, IPAddress? wan = null) =>
        Assert.That(
            async () => await ConnectAsync(port, wan),
            Throws.TypeOf<SocketException>().With.Property(nameof(SocketException.SocketErrorCode)).EqualTo(SocketError.ConnectionRefused));

    /// <summary>The router resets the connection: the reset may already fail the connect, or else the first read.</summary>
    private async Task AssertResetAsync(int port, IPAddress? from = null) =>
        Assert.That(
            async () =>
            {
                var client = await ConnectAsync(port, from: from);
                using var limit = Within(WaitLimit);
                await client.ReceiveAsync(new byte[16], SocketFlags.None, limit.Token);
            },
            Throws.TypeOf<SocketException>().With.Property(nameof(SocketException.SocketErrorCode)).EqualTo(SocketError.ConnectionReset));

    /// <summary>Sends <paramref name="payload"/>, half-closes, and reads the answer to its end, both at once.</summary>
    private static async Task<byte[]> RoundTripAsync(Socket client, byte[] payload)
    {
        var reading = ReadToEndAsync(client);
        await client.SendAsync(payload);
        client.Shutdown(SocketShutdown.Send);
        return await reading;
    }

    private static async Task<byte[]> ReadToEndAsync(Socket client)
    {
        using var limit = Within(WaitLimit);
        using var received = new MemoryStream();
        var buffer = new byte[16384];
        int read;
        while ((read = await client.ReceiveAsync(buffer, SocketFlags.None, limit.Token)) > 0)
        {
            received.Write(buffer, 0, read);
        }

        return received.ToArray();
    }

    private static async Task<string> UdpRoundTripAsync(Socket client, IPEndPoint to, string text)
    {
        await client.SendToAsync(Encoding.UTF8.GetBytes(text), to);
        using var limit = Within(WaitLimit);
        var buffer = new byte[2048];
        var received = await client.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), limit.Token);
        Assert.That(received.RemoteEndPoint, Is.EqualTo(to), "the reply comes from the mapped WAN endpoint");
        return Encoding.UTF8.GetString(buffer, 0, received.ReceivedBytes);
    }

    private static CancellationTokenSource Within(TimeSpan limit) => new(limit, TimeProvider.System);
}
