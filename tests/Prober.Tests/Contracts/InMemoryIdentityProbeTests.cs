using System.Net;
using System.Text;
using IgdLab.Contracts;
using IgdLab.Contracts.InProcess;
using IgdLab.TestUtilities;
using Microsoft.Extensions.Time.Testing;

namespace IgdLab.Prober.Tests.Contracts;

/// <summary>
/// The identity probe on a simulated network: the same verdicts as on sockets (a closed port and a reset are refusals,
/// silence is a timeout, another device is a wrong device), through in-memory connections and datagrams.
/// </summary>
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class InMemoryIdentityProbeTests
{
    private static readonly IPAddress Device = IPAddress.Parse("127.205.0.1");
    private static readonly IPAddress Watchdog = IPAddress.Parse("127.205.0.2");
    private static readonly byte[] Key = Encoding.UTF8.GetBytes("secret");
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(1);

    private readonly InProcessNetwork _network = new();
    private readonly FakeTimeProvider _time = new();

    [TestCase("nas", ProbeOutcome.Ok)]
    [TestCase("tv", ProbeOutcome.WrongDevice)]
    public async Task ProbeTcpAsync_TheDeviceAnswers_JudgedByWhoAnswered(string answering, ProbeOutcome expected)
    {
        IPEndPoint? caller = null;
        var service = _network.Offer(Device, 0, async (stream, token) =>
        {
            caller = (stream as IConnectionEndPoints)?.RemoteEndPoint;
            await HandshakeAnswerer.AnswerAsync(stream, answering, Key, token);
        });

        var result = await IdentityProbe.ProbeTcpAsync(_network, service, "nas", Key, Timeout, _time, Watchdog);

        Assert.That(result.Outcome, Is.EqualTo(expected), result.Detail);
        Assert.That(result.AnsweredBy, Is.EqualTo(answering));
        Assert.That(caller?.Address, Is.EqualTo(Watchdog), "the service sees the probe come from the watchdog's address");
    }

    [Test]
    public async Task ProbeTcpAsync_NothingOffered_RefusedLikeAClosedPort()
    {
        var result = await IdentityProbe.ProbeTcpAsync(_network, new IPEndPoint(Device, 20000), "nas", Key, Timeout, _time, Watchdog);

        Assert.That(result.Outcome, Is.EqualTo(ProbeOutcome.Refused));
    }

    [Test]
    public async Task ProbeTcpAsync_ServiceResets_Refused()
    {
        var service = _network.Offer(Device, 0, (stream, _) =>
        {
            MemoryConnection.Reset(stream);
            return Task.CompletedTask;
        });

        var result = await IdentityProbe.ProbeTcpAsync(_network, service, "nas", Key, Timeout, _time, Watchdog);

        Assert.That(result.Outcome, Is.EqualTo(ProbeOutcome.Refused), result.Detail);
    }

    [Test]
    public async Task ProbeTcpAsync_ServiceClosesWithoutAnswer_HandshakeFailure()
    {
        var service = _network.Offer(Device, 0, (_, _) => Task.CompletedTask);

        var result = await IdentityProbe.ProbeTcpAsync(_network, service, "nas", Key, Timeout, _time, Watchdog);

        Assert.That(result.Outcome, Is.EqualTo(ProbeOutcome.HandshakeFailure));
        Assert.That(result.Detail, Does.Contain("closed without an answer"));
    }

    [Test]
    public async Task ProbeTcpAsync_ServiceHoldsTheConnection_TimeoutOnTheGivenClock()
    {
        var held = new TaskCompletionSource();
        var service = _network.Offer(Device, 0, (_, token) => held.Task.WaitAsync(token));

        var probe = IdentityProbe.ProbeTcpAsync(_network, service, "nas", Key, Timeout, _time, Watchdog);
        Assert.That(probe.IsCompleted, Is.False);
        _time.Advance(Timeout);
        var result = await probe.WaitAsync(TimeSpan.FromSeconds(10), TimeProvider.System);
        held.TrySetResult();

        Assert.That(result.Outcome, Is.EqualTo(ProbeOutcome.Timeout));
    }

    [Test]
    public void ProbeTcpAsync_CallerCancels_Throws()
    {
        var service = _network.Offer(Device, 0, (_, token) => Task.Delay(System.Threading.Timeout.InfiniteTimeSpan, _time, token));
        using var cancel = new CancellationTokenSource();

        var probe = IdentityProbe.ProbeTcpAsync(_network, service, "nas", Key, System.Threading.Timeout.InfiniteTimeSpan, _time, Watchdog, cancel.Token);
        cancel.Cancel();

        Assert.That(async () => await probe, Throws.InstanceOf<OperationCanceledException>(), "the watchdog's own deadline decides what a cancellation means");
    }

    [TestCase("nas", ProbeOutcome.Ok)]
    [TestCase("tv", ProbeOutcome.WrongDevice)]
    public async Task ProbeUdpAsync_TheDeviceAnswers_JudgedByWhoAnswered(string answering, ProbeOutcome expected)
    {
        var service = _network.OfferDatagrams(new IPEndPoint(Device, 20001), (_, datagram, reply, token) =>
            HandshakeAnswerer.Answer(datagram.Span, answering, Key) is { } answer ? reply(answer, token) : ValueTask.CompletedTask);

        var result = await IdentityProbe.ProbeUdpAsync(_network, service, "nas", Key, Timeout, _time, Watchdog);

        Assert.That(result.Outcome, Is.EqualTo(expected), result.Detail);
        Assert.That(result.AnsweredBy, Is.EqualTo(answering));
    }

    [Test]
    public async Task ProbeUdpAsync_NothingOffered_RefusedLikeAPortUnreachable()
    {
        var result = await IdentityProbe.ProbeUdpAsync(_network, new IPEndPoint(Device, 20002), "nas", Key, Timeout, _time, Watchdog);

        Assert.That(result.Outcome, Is.EqualTo(ProbeOutcome.Refused));
    }

    [Test]
    public async Task ProbeUdpAsync_NoAnswer_TimeoutAndItsPortIsGivenBack()
    {
        IPEndPoint? from = null;
        var service = _network.OfferDatagrams(new IPEndPoint(Device, 20003), (sender, _, _, _) =>
        {
            from = sender;
            return ValueTask.CompletedTask;
        });

        var probe = IdentityProbe.ProbeUdpAsync(_network, service, "nas", Key, Timeout, _time, Watchdog);
        _time.Advance(Timeout);
        var result = await probe.WaitAsync(TimeSpan.FromSeconds(10), TimeProvider.System);

        Assert.That(result.Outcome, Is.EqualTo(ProbeOutcome.Timeout));
        Assert.That(from?.Address, Is.EqualTo(Watchdog));
        Assert.That(_network.FindDatagrams(from!), Is.Null, "the probe's source port is withdrawn when it ends");
    }

    [Test]
    public async Task SendDatagramAsync_ReplyLater_ReachesWhoeverHoldsTheSendersEndPointThen()
    {
        // A router's UDP session keeps the reply path of the first datagram; a later sender on the same endpoint must
        // still get the answers, as a socket bound there would.
        DatagramReply? kept = null;
        var service = _network.OfferDatagrams(new IPEndPoint(Device, 20004), (_, _, reply, _) =>
        {
            kept = reply;
            return ValueTask.CompletedTask;
        });
        var sender = new IPEndPoint(Watchdog, 40000);
        _network.OfferDatagrams(sender, (_, _, _, _) => ValueTask.CompletedTask);
        Assert.That(await _network.SendDatagramAsync(sender, service, new byte[] { 1 }, CancellationToken.None), Is.True);
        _network.WithdrawDatagrams(sender);
        var received = new List<(IPEndPoint From, byte Value)>();
        _network.OfferDatagrams(sender, (from, datagram, _, _) =>
        {
            received.Add((from, datagram.Span[0]));
            return ValueTask.CompletedTask;
        });

        await kept!(new byte[] { 7 }, CancellationToken.None);

        Assert.That(received, Is.EqualTo(new[] { (service, (byte)7) }));
    }

    [Test]
    public async Task SendDatagramAsync_NothingOffered_False()
    {
        Assert.That(await _network.SendDatagramAsync(new IPEndPoint(Watchdog, 40001), new IPEndPoint(Device, 20005), new byte[] { 1 }, CancellationToken.None), Is.False);
    }

    [Test]
    public void OfferDatagrams_PortZero_GoesOnFromTheLastPortGiven()
    {
        var first = _network.OfferDatagrams(new IPEndPoint(Watchdog, 0), (_, _, _, _) => ValueTask.CompletedTask);
        _network.WithdrawDatagrams(first);

        var second = _network.OfferDatagrams(new IPEndPoint(Watchdog, 0), (_, _, _, _) => ValueTask.CompletedTask);

        Assert.That(second.Port, Is.Not.EqualTo(first.Port), "a port just given back is not handed out again at once");
        Assert.That(second.Port, Is.InRange(32768, 60999));
    }
}
