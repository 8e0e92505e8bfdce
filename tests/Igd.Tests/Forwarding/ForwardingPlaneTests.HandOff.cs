using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using IgdLab.Igd.Events;
using IgdLab.Igd.Forwarding;
using IgdLab.Igd.Mapping;

namespace IgdLab.Igd.Tests.Forwarding;

/// <summary>Forwarding to a LAN host in the router's own process: the accepted WAN connection is handed to it.</summary>
public sealed partial class ForwardingPlaneTests
{
    [Test]
    public async Task HandOff_HostInThisProcess_ServesTheWanConnectionItself_AndIsCounted()
    {
        var lan = new HandOffHosts();
        var host = new IPEndPoint(_lan, 40001);
        lan.Add(host, EchoUpperAsync);
        var plane = CreatePlane(handOff: lan);
        var port = FreePort(MappingProtocol.Tcp);
        var mapping = Mapping(port, host);
        plane.OnAdded(mapping);

        var answer = await EchoThroughAsync(port, "hello through the router");
        var settled = await Poll.UntilAsync(() => plane.ActiveConnections == 0 && plane.BytesSent == 24);

        Assert.Multiple(() =>
        {
            Assert.That(answer, Is.EqualTo("HELLO THROUGH THE ROUTER"), "no listener exists at the host's endpoint: only the hand-off can answer");
            Assert.That(settled, Is.True);
            Assert.That(lan.Served, Is.EqualTo(1));
            Assert.That(plane.BytesReceived, Is.EqualTo(24));
            Assert.That(plane.ActivityCount(mapping.Key), Is.GreaterThanOrEqualTo(3), "connection, request, reply");
        });
    }

    [Test]
    public async Task HandOff_HostNotInThisProcess_IsRelayedOverLoopbackAsBefore()
    {
        var lan = new HandOffHosts();
        lan.Add(new IPEndPoint(_lan, 40002), EchoUpperAsync);
        var plane = CreatePlane(handOff: lan);
        var server = StartTcpServer();
        var port = FreePort(MappingProtocol.Tcp);
        plane.OnAdded(Mapping(port, server.EndPoint));

        Assert.That(await EchoThroughAsync(port, "relayed"), Is.EqualTo("relayed"));
        Assert.That(lan.Served, Is.Zero);
        Assert.That(server.Callers, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task HandOff_MappingRemovedWhileTheHostHoldsTheConnection_ResetsIt()
    {
        var lan = new HandOffHosts();
        var host = new IPEndPoint(_lan, 40003);
        var holding = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lan.Add(host, async (stream, token) =>
        {
            holding.TrySetResult();
            await new TaskCompletionSource().Task.WaitAsync(token);
        });
        var plane = CreatePlane(handOff: lan);
        var port = FreePort(MappingProtocol.Tcp);
        var mapping = Mapping(port, host);
        plane.OnAdded(mapping);
        var client = await ConnectAsync(port);
        await holding.Task.WaitAsync(WaitLimit, TimeProvider.System);

        plane.OnRemoved(mapping, RemovalReason.Dropped);

        using var limit = Within(WaitLimit);
        Assert.That(
            async () => await client.ReceiveAsync(new byte[16], SocketFlags.None, limit.Token),
            Throws.TypeOf<SocketException>().With.Property(nameof(SocketException.SocketErrorCode)).EqualTo(SocketError.ConnectionReset));
        Assert.That(await Poll.UntilAsync(() => plane.ActiveConnections == 0), Is.True, "the flow ends with the mapping");
    }

    [Test]
    public async Task HandOff_HostThatThrows_ResetsTheConnection_AndTheNextOneIsServed()
    {
        var lan = new HandOffHosts();
        var host = new IPEndPoint(_lan, 40004);
        var calls = 0;
        lan.Add(host, (stream, token) => Interlocked.Increment(ref calls) == 1 ? throw new InvalidOperationException("broken host") : EchoUpperAsync(stream, token));
        var plane = CreatePlane(handOff: lan);
        var port = FreePort(MappingProtocol.Tcp);
        plane.OnAdded(Mapping(port, host));

        await AssertResetAsync(port);

        Assert.That(await EchoThroughAsync(port, "again"), Is.EqualTo("AGAIN"));
    }

    /// <summary>Reads to the end of the request and answers it in capitals.</summary>
    private static async Task EchoUpperAsync(Stream stream, CancellationToken cancellationToken)
    {
        using var request = new MemoryStream();
        await stream.CopyToAsync(request, cancellationToken);
        await stream.WriteAsync(Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(request.ToArray()).ToUpperInvariant()), cancellationToken);
    }

    private sealed class HandOffHosts : ILanHandOff
    {
        private readonly ConcurrentDictionary<IPEndPoint, LanConnectionHandler> _hosts = new();
        private int _served;

        public int Served => Volatile.Read(ref _served);

        public void Add(IPEndPoint endPoint, Func<Stream, CancellationToken, Task> serve) =>
            _hosts[endPoint] = (stream, token) =>
            {
                Interlocked.Increment(ref _served);
                return serve(stream, token);
            };

        public LanConnectionHandler? Find(IPEndPoint internalEndPoint) => _hosts.GetValueOrDefault(internalEndPoint);
    }
}
