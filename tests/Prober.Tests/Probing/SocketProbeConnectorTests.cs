using System.Net;
using System.Net.Sockets;
using System.Text;
using IgdLab.Contracts;
using IgdLab.Prober.Probing;
using IgdLab.Prober.Tests.Fakes;
using IgdLab.TestUtilities;

namespace IgdLab.Prober.Tests.Probing;

[Category("Loopback")]
public sealed class SocketProbeConnectorTests
{
    private static readonly byte[] Key = Encoding.UTF8.GetBytes("secret");
    private static readonly TimeSpan Timeout = TimeSpan.FromMilliseconds(500);

    // The socket connector keeps no timeout of its own: bounded as the watchdog bounds it.
    private readonly DeadlineProbeConnector _connector = new(new SocketProbeConnector(TimeProvider.System, null), Timeout, TimeProvider.System);

    [TestCase(MappingProtocol.Tcp)]
    [TestCase(MappingProtocol.Udp)]
    public async Task ProbeAsync_RightDevice_Ok(MappingProtocol protocol)
    {
        await using var listener = Listen(protocol, "nas", Key);

        var result = await _connector.ProbeAsync(new ProbeTarget("nas", Key, listener.EndPoint, protocol), CancellationToken.None);

        Assert.That(result.Outcome, Is.EqualTo(ProbeOutcome.Ok));
        Assert.That(result.AnsweredBy, Is.EqualTo("nas"));
    }

    [TestCase(MappingProtocol.Tcp)]
    [TestCase(MappingProtocol.Udp)]
    public async Task ProbeAsync_AnotherDevice_WrongDevice(MappingProtocol protocol)
    {
        await using var listener = Listen(protocol, "tv", Key);

        var result = await _connector.ProbeAsync(new ProbeTarget("nas", Key, listener.EndPoint, protocol), CancellationToken.None);

        Assert.That(result.Outcome, Is.EqualTo(ProbeOutcome.WrongDevice));
        Assert.That(result.AnsweredBy, Is.EqualTo("tv"));
    }

    [TestCase(MappingProtocol.Tcp)]
    [TestCase(MappingProtocol.Udp)]
    public async Task ProbeAsync_ClosedPort_Refused(MappingProtocol protocol)
    {
        IPEndPoint closed;
        await using (var listener = Listen(protocol, "nas", Key))
        {
            closed = listener.EndPoint;
        }

        var result = await _connector.ProbeAsync(new ProbeTarget("nas", Key, closed, protocol), CancellationToken.None);

        Assert.That(result.Outcome, Is.EqualTo(ProbeOutcome.Refused));
    }

    [Test]
    public async Task ProbeAsync_AcceptedThenResetWithoutData_RefusedLikeAClosedPort()
    {
        // What the sockets forwarding plane gives a mapping whose LAN service is down: the connect succeeds, then a
        // reset. The watchdog (and the oracle, which runs the same IdentityProbe) must read it as a refused connection.
        using var service = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        service.Bind(new IPEndPoint(LoopbackAddresses.Next(), 0));
        service.Listen(1);

        var probing = _connector.ProbeAsync(new ProbeTarget("nas", Key, (IPEndPoint)service.LocalEndPoint!, MappingProtocol.Tcp), CancellationToken.None);
        var accepted = await service.AcceptAsync();
        accepted.LingerState = new LingerOption(true, 0);
        accepted.Dispose();

        Assert.That((await probing).Outcome, Is.EqualTo(ProbeOutcome.Refused));
    }

    [Test]
    public async Task ProbeAsync_UdpPortThatNeverAnswers_Timeout()
    {
        using var silent = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        silent.Bind(new IPEndPoint(LoopbackAddresses.Next(), 0));

        var result = await _connector.ProbeAsync(new ProbeTarget("nas", Key, (IPEndPoint)silent.LocalEndPoint!, MappingProtocol.Udp), CancellationToken.None);

        Assert.That(result.Outcome, Is.EqualTo(ProbeOutcome.Timeout));
        Assert.That(result.Elapsed, Is.GreaterThanOrEqualTo(Timeout - TimeSpan.FromMilliseconds(50)));
    }

    [Test]
    public async Task ProbeAsync_FromAGivenAddress_TheServiceSeesThatAddress()
    {
        var from = LoopbackAddresses.Next();
        using var service = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        service.Bind(new IPEndPoint(LoopbackAddresses.Next(), 0));
        service.Listen(1);
        var connector = new DeadlineProbeConnector(new SocketProbeConnector(TimeProvider.System, from), Timeout, TimeProvider.System);

        var probing = connector.ProbeAsync(new ProbeTarget("nas", Key, (IPEndPoint)service.LocalEndPoint!, MappingProtocol.Tcp), CancellationToken.None);
        using var accepted = await service.AcceptAsync();

        Assert.That(((IPEndPoint)accepted.RemoteEndPoint!).Address, Is.EqualTo(from));
        var hello = new byte[IdentityHandshake.MaxLineLength];
        Assert.That(Encoding.ASCII.GetString(hello, 0, await accepted.ReceiveAsync(hello)), Does.StartWith(IdentityHandshake.HelloVerb));
        accepted.Shutdown(SocketShutdown.Both);
        Assert.That((await probing).Outcome, Is.EqualTo(ProbeOutcome.HandshakeFailure), "closed without an answer");
    }

    private static HandshakeListener Listen(MappingProtocol protocol, string deviceId, byte[] key) =>
        protocol == MappingProtocol.Udp ? HandshakeListener.Udp(deviceId, key, LoopbackAddresses.Next()) : HandshakeListener.Tcp(deviceId, key, LoopbackAddresses.Next());
}
