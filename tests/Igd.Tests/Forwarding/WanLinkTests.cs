using System.Net;
using System.Text;
using IgdLab.Contracts;
using IgdLab.Contracts.InProcess;
using IgdLab.Igd.Faults;
using IgdLab.Igd.Forwarding;
using IgdLab.Igd.Mapping;
using IgdLab.Igd.Profiles;
using IgdLab.TestUtilities;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace IgdLab.Igd.Tests.Forwarding;

/// <summary>
/// A gateway's WAN link on the in-process network, seen by the watchdog's identity probe through a forwarding plane:
/// latency delays on the plane's clock, loss and partitions leave the caller without an answer (a timeout, never a
/// refusal), the draws follow the seed, and a healed link answers again.
/// </summary>
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class WanLinkTests
{
    private const int WanPort = 20090;
    private const string DeviceId = "nas";
    private static readonly byte[] Key = Encoding.UTF8.GetBytes("secret");
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan WaitLimit = TimeSpan.FromSeconds(10);

    private readonly FakeTimeProvider _time = new();
    private readonly IPAddress _wan = LoopbackAddresses.Next();
    private readonly IPAddress _lan = LoopbackAddresses.Next();
    private readonly IPAddress _watchdog = LoopbackAddresses.Next();
    private readonly InProcessNetwork _lanNetwork = new();
    private readonly InProcessNetwork _wanNetwork = new();
    private readonly List<ForwardingPlane> _planes = [];
    private int _served;

    [TearDown]
    public async Task TearDown()
    {
        foreach (var plane in _planes)
        {
            await plane.DisposeAsync().AsTask().WaitAsync(WaitLimit, TimeProvider.System);
        }
    }

    [TestCase(MappingProtocol.Tcp)]
    [TestCase(MappingProtocol.Udp)]
    public async Task Probe_Latency_AnswersOnlyAfterBothCrossingsOnTheClock(MappingProtocol protocol)
    {
        var latency = TimeSpan.FromMilliseconds(100);
        var (link, _) = Start(protocol, new WanLinkSettings { Latency = latency });

        var probe = ProbeAsync(protocol, timeout: WaitLimit);
        var result = await AdvanceUntilDoneAsync(probe, TimeSpan.FromMilliseconds(10));

        Assert.That(link.IsClear, Is.False);
        Assert.That(result.Outcome, Is.EqualTo(ProbeOutcome.Ok), result.Detail);
        Assert.That(result.Elapsed, Is.GreaterThanOrEqualTo(2 * latency), "the hello went in and the answer came back, each one crossing");
    }

    [Test]
    public async Task TcpProbe_TotalLoss_TimesOutInsteadOfBeingRefused()
    {
        Start(MappingProtocol.Tcp, new WanLinkSettings { Loss = 100 });

        var result = await UntilTimeoutAsync(ProbeAsync(MappingProtocol.Tcp));

        Assert.That(result.Outcome, Is.EqualTo(ProbeOutcome.Timeout), "a lost connection attempt is never answered, not even with a reset");
        Assert.That(Volatile.Read(ref _served), Is.Zero, "nothing reached the device");
    }

    [Test]
    public async Task UdpDatagrams_Loss_DropAReproducibleShareForTheSeed()
    {
        var settings = new WanLinkSettings { Loss = 30, Seed = 5 };

        var first = await AnsweredAsync(settings);
        var again = await AnsweredAsync(settings);
        var otherSeed = await AnsweredAsync(settings with { Seed = 6 });

        // Each round trip crosses twice: 0.7 × 0.7 = 49 % get an answer.
        Assert.That(first, Has.Count.InRange(70, 126), "about half of 200 round trips");
        Assert.That(again, Is.EqualTo(first), "the same seed loses the same datagrams");
        Assert.That(otherSeed, Is.Not.EqualTo(first));
    }

    [Test]
    public async Task UdpDatagrams_Latency_EachDeliveredLateWithoutHoldingBackTheNext()
    {
        var latency = TimeSpan.FromMilliseconds(100);
        Start(MappingProtocol.Udp, new WanLinkSettings { Latency = latency });
        var port = _wanNetwork.FindDatagrams(new IPEndPoint(_wan, WanPort))!;
        var replies = new List<string>();
        DatagramReply collect = (datagram, _) =>
        {
            lock (replies)
            {
                replies.Add(Encoding.ASCII.GetString(datagram.Span));
            }

            return ValueTask.CompletedTask;
        };

        // Each send returns as soon as the datagram is on the wire, long before it arrives.
        await port(new IPEndPoint(_watchdog, 45000), "one"u8.ToArray(), collect, CancellationToken.None).AsTask().WaitAsync(WaitLimit, TimeProvider.System);
        await port(new IPEndPoint(_watchdog, 45000), "two"u8.ToArray(), collect, CancellationToken.None).AsTask().WaitAsync(WaitLimit, TimeProvider.System);
        var servedEarly = Volatile.Read(ref _served);
        _time.Advance(latency);
        var bothServed = await Poll.UntilAsync(() => Volatile.Read(ref _served) == 2);
        _time.Advance(latency);
        var bothAnswered = await Poll.UntilAsync(() => Count(replies) == 2);

        Assert.That(servedEarly, Is.Zero, "no datagram arrives before its latency");
        Assert.That(bothServed, Is.True, "both arrive one latency later, side by side");
        Assert.That(bothAnswered, Is.True, "and both answers one more latency later");
    }

    [TestCase(MappingProtocol.Tcp, PartitionDirection.Inbound, 0)]
    [TestCase(MappingProtocol.Tcp, PartitionDirection.Outbound, 1)]
    [TestCase(MappingProtocol.Tcp, PartitionDirection.Both, 0)]
    [TestCase(MappingProtocol.Udp, PartitionDirection.Inbound, 0)]
    [TestCase(MappingProtocol.Udp, PartitionDirection.Outbound, 1)]
    public async Task Probe_Partition_TimesOut_AndAnswersOnceHealed(MappingProtocol protocol, PartitionDirection direction, int reachesTheDevice)
    {
        var (link, _) = Start(protocol, new WanLinkSettings());
        link.SetPartition(direction);

        var cutOff = ProbeAsync(protocol);
        var servedWhileCut = await Poll.UntilAsync(() => Volatile.Read(ref _served) == reachesTheDevice);
        var during = await UntilTimeoutAsync(cutOff);
        var healedBefore = link.SetPartition(PartitionDirection.None);
        var after = await ProbeAsync(protocol).WaitAsync(WaitLimit, TimeProvider.System);

        Assert.That(during.Outcome, Is.EqualTo(ProbeOutcome.Timeout), during.Detail);
        Assert.That(servedWhileCut, Is.True);
        Assert.That(Volatile.Read(ref _served), Is.EqualTo(reachesTheDevice + 1), reachesTheDevice == 0 ? "cut inbound, nothing reached the device" : "the device answered, but the answer was lost");
        Assert.That(healedBefore, Is.True, "the link was cut");
        Assert.That(after.Outcome, Is.EqualTo(ProbeOutcome.Ok), after.Detail);
    }

    [Test]
    public async Task TcpProbe_PartitionOutbound_CallerHearsNeitherTheAnswerNorTheClose()
    {
        var (link, plane) = Start(MappingProtocol.Tcp, new WanLinkSettings());
        link.SetPartition(PartitionDirection.Outbound);
        await using var connection = _wanNetwork.TryConnect(new IPEndPoint(_wan, WanPort), new IPEndPoint(_watchdog, 45001));
        Assert.That(connection, Is.Not.Null, "accepted: the connection attempt got through");
        await connection!.WriteAsync(Encoding.ASCII.GetBytes(IdentityHandshake.Hello(IdentityHandshake.NewChallenge())));

        var flowEnded = await Poll.UntilAsync(() => Volatile.Read(ref _served) == 1 && plane.ActiveConnections == 0);
        using var window = new CancellationTokenSource(TimeSpan.FromMilliseconds(200), TimeProvider.System);

        Assert.That(flowEnded, Is.True, "the device answered and closed");
        Assert.That(
            async () => await connection.ReadAsync(new byte[64], window.Token),
            Throws.InstanceOf<OperationCanceledException>(),
            "no answer, no end: the caller is left waiting");
    }

    [Test]
    public async Task TcpProbe_WanAddressChanged_TheCutLinkFollows()
    {
        var (link, plane) = Start(MappingProtocol.Tcp, new WanLinkSettings());
        link.SetPartition(PartitionDirection.Inbound);
        var newWan = LoopbackAddresses.Next();

        await plane.ChangeWanAddressAsync(newWan);
        var cutOff = await UntilTimeoutAsync(ProbeAsync(MappingProtocol.Tcp, target: newWan));
        link.SetPartition(PartitionDirection.None);
        var healed = await ProbeAsync(MappingProtocol.Tcp, target: newWan).WaitAsync(WaitLimit, TimeProvider.System);

        Assert.That(cutOff.Outcome, Is.EqualTo(ProbeOutcome.Timeout), cutOff.Detail);
        Assert.That(healed.Outcome, Is.EqualTo(ProbeOutcome.Ok), "the mapping did move: only the link kept it from answering");
    }

    [Test]
    public void NextDelay_Jitter_StaysWithinTheBandNeverBelowZero()
    {
        var link = new WanLink(new WanLinkSettings { Latency = TimeSpan.FromMilliseconds(10), Jitter = TimeSpan.FromMilliseconds(30), Seed = 3 }, _time, NullLogger.Instance);

        var delays = Enumerable.Range(0, 500).Select(_ => link.NextDelay()).ToList();

        Assert.That(delays, Has.All.InRange(TimeSpan.Zero, TimeSpan.FromMilliseconds(40)));
        Assert.That(delays, Has.Some.EqualTo(TimeSpan.Zero), "a draw below -latency is held at zero");
        Assert.That(delays, Has.Some.GreaterThan(TimeSpan.FromMilliseconds(30)));
    }

    [TestCase(-1)]
    [TestCase(100.5)]
    [TestCase(double.NaN)]
    public void Validate_LossOutOfRange_Reported(double loss)
    {
        Assert.That(new WanLinkSettings { Loss = loss }.Validate(), Has.One.StartsWith("WanLink.Loss must be a percentage from 0 to 100"));
    }

    [Test]
    public void Validate_NegativeLatencyAndJitter_BothReported()
    {
        var settings = new WanLinkSettings { Latency = TimeSpan.FromMilliseconds(-1), Jitter = TimeSpan.FromMilliseconds(-1) };

        Assert.That(settings.Validate(), Is.EqualTo(new[] { "WanLink.Latency must not be negative", "WanLink.Jitter must not be negative" }));
    }

    private static int Count(List<string> replies)
    {
        lock (replies)
        {
            return replies.Count;
        }
    }

    /// <summary>A plane on its own pair of networks with the device's TCP or UDP identity service mapped at <see cref="WanPort"/>.</summary>
    private (WanLink Link, ForwardingPlane Plane) Start(MappingProtocol protocol, WanLinkSettings settings, InProcessNetwork? lan = null, InProcessNetwork? wan = null)
    {
        lan ??= _lanNetwork;
        wan ??= _wanNetwork;
        var device = new IPEndPoint(_lan, 40100);
        if (protocol == MappingProtocol.Tcp)
        {
            lan.Offer(device.Address, device.Port, AnswerTcpAsync);
        }
        else
        {
            lan.OfferDatagrams(device, AnswerUdpAsync);
        }

        var link = new WanLink(settings, _time, NullLogger.Instance);
        var plane = new ForwardingPlane(_wan, ClosedPortBehaviour.Refuse, _time, NullLogger.Instance, handOff: lan, wan: wan, link: link);
        _planes.Add(plane);
        plane.OnAdded(new PortMapping
        {
            ExternalPort = WanPort,
            Protocol = protocol,
            InternalClient = device.Address,
            InternalPort = device.Port,
            CreatedAt = _time.GetUtcNow(),
        });
        return (link, plane);
    }

    private Task<ProbeResult> ProbeAsync(MappingProtocol protocol, TimeSpan? timeout = null, IPAddress? target = null, InProcessNetwork? wan = null) =>
        IdentityProbe.ProbeAsync(protocol, new IPEndPoint(target ?? _wan, WanPort), DeviceId, Key, timeout ?? ProbeTimeout, _time, _watchdog, wan ?? _wanNetwork);

    /// <summary>
    /// Gives <paramref name="probe"/> a moment of real time to finish on its own (it would, were the link not impairing
    /// it), then moves the fake clock past the probe's timeout.
    /// </summary>
    private async Task<ProbeResult> UntilTimeoutAsync(Task<ProbeResult> probe)
    {
        await Task.WhenAny(probe, Task.Delay(TimeSpan.FromMilliseconds(100), TimeProvider.System));
        _time.Advance(ProbeTimeout);
        return await probe.WaitAsync(WaitLimit, TimeProvider.System);
    }

    /// <summary>
    /// Steps the fake clock by <paramref name="step"/>, giving the work each step releases a moment to run, until
    /// <paramref name="task"/> is done. A delay can only come out longer this way, never shorter.
    /// </summary>
    private async Task<T> AdvanceUntilDoneAsync<T>(Task<T> task, TimeSpan step)
    {
        var started = TimeProvider.System.GetTimestamp();
        while (!task.IsCompleted && TimeProvider.System.GetElapsedTime(started) < WaitLimit)
        {
            await Task.WhenAny(task, Task.Delay(TimeSpan.FromMilliseconds(20), TimeProvider.System));
            if (!task.IsCompleted)
            {
                _time.Advance(step);
            }
        }

        return await task.WaitAsync(WaitLimit, TimeProvider.System);
    }

    /// <summary>200 UDP round trips, one after another, through a link of <paramref name="settings"/> on networks of their own; which were answered.</summary>
    private async Task<List<int>> AnsweredAsync(WanLinkSettings settings)
    {
        var wan = new InProcessNetwork();
        Start(MappingProtocol.Udp, settings, new InProcessNetwork(), wan);
        var port = wan.FindDatagrams(new IPEndPoint(_wan, WanPort))!;
        var answered = new List<int>();
        for (var i = 0; i < 200; i++)
        {
            var index = i;
            await port(new IPEndPoint(_watchdog, 45002), "ping"u8.ToArray(), (_, _) =>
            {
                answered.Add(index);
                return ValueTask.CompletedTask;
            }, CancellationToken.None);
        }

        return answered;
    }

    private Task AnswerTcpAsync(Stream stream, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _served);
        return HandshakeAnswerer.AnswerAsync(stream, DeviceId, Key, cancellationToken);
    }

    private ValueTask AnswerUdpAsync(IPEndPoint from, ReadOnlyMemory<byte> datagram, DatagramReply reply, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _served);
        return reply(HandshakeAnswerer.Answer(datagram.Span, DeviceId, Key) ?? datagram, cancellationToken);
    }
}
