using System.Net;
using System.Net.Sockets;
using IgdLab.Igd.Ssdp;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace IgdLab.Igd.Tests.Ssdp;

/// <summary>The responder over a <see cref="FakeSsdpSocket"/>: multicast mode, the MX delay and failure handling, no network.</summary>
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class SsdpResponderUnitTests
{
    private const string Igd1 = "urn:schemas-upnp-org:device:InternetGatewayDevice:1";
    private static readonly IPAddress LanAddress = IPAddress.Parse("127.0.0.1");
    private static readonly IPEndPoint ControlPoint = new(IPAddress.Parse("127.0.0.1"), 50000);
    private static readonly IPEndPoint Group = new(IPAddress.Parse("239.255.255.250"), 1900);

    private readonly TestDescriptionSource _source = new(2);
    private readonly FakeTimeProvider _time = new();
    private readonly FakeSsdpSocketFactory _sockets = new();
    private readonly SsdpResponder _responder;

    public SsdpResponderUnitTests() =>
        _responder = new SsdpResponder(_source, _time, NullLogger.Instance, seed: 7, _sockets);

    private FakeSsdpSocket Socket => _sockets.Socket!;

    [TearDown]
    public async Task TearDown() => await _responder.DisposeAsync();

    [Test]
    public async Task StartAsync_MulticastWithPortZero_OpensOn1900()
    {
        await _responder.StartAsync(LanAddress, 0, multicast: true, CancellationToken.None);

        Assert.That(_sockets.Opened, Is.EqualTo((LanAddress, 1900, true)));
        Assert.That(_responder.LocalEndPoint.Port, Is.EqualTo(1900));
        Assert.That(_responder.IsMulticast, Is.True);
    }

    [Test]
    public async Task StartAsync_Multicast_SendsByeByeThenAliveForEveryAdvertisement()
    {
        await _responder.StartAsync(LanAddress, 0, multicast: true, CancellationToken.None);

        var sent = Socket.TakeSent();
        var targets = SsdpSearchTargets.Advertisements(_source.Root).Select(a => a.Target).ToList();
        Assert.That(sent, Has.Count.EqualTo(2 * targets.Count));
        Assert.That(sent.Select(d => d.Destination), Is.All.EqualTo(Group));
        var byeBye = sent.Take(targets.Count).Select(d => d.Message).ToList();
        var alive = sent.Skip(targets.Count).Select(d => d.Message).ToList();
        Assert.That(byeBye.Select(m => m.Header("NTS")), Is.All.EqualTo("ssdp:byebye"));
        Assert.That(byeBye.Select(m => m.Header("LOCATION")), Is.All.Null);
        Assert.That(byeBye.Select(m => m.Header("NT")), Is.EqualTo(targets));
        Assert.That(alive.Select(m => m.Header("NTS")), Is.All.EqualTo("ssdp:alive"));
        Assert.That(alive.Select(m => m.Header("LOCATION")), Is.All.EqualTo("http://127.0.0.1:49152/rootDesc.xml"));
        Assert.That(alive.Select(m => m.Header("NT")), Is.EqualTo(targets));
        Assert.That(alive.Select(m => m.Header("BOOTID.UPNP.ORG")), Is.All.EqualTo("1"));
    }

    [Test]
    public async Task StartAsync_MulticastWhileUpnpOff_SendsNothing()
    {
        _source.Current = _source.Current with { IsEnabled = false };

        await _responder.StartAsync(LanAddress, 0, multicast: true, CancellationToken.None);
        await _responder.AnnounceAliveAsync();

        Assert.That(Socket.TakeSent(), Is.Empty);
    }

    [Test]
    public async Task AnnounceAliveAsync_UnicastMode_SendsNothing()
    {
        await _responder.StartAsync(LanAddress, 0, multicast: false, CancellationToken.None);

        await _responder.AnnounceAliveAsync();
        await _responder.AnnounceByeByeAsync();

        Assert.That(_sockets.Opened, Is.EqualTo((LanAddress, 0, false)));
        Assert.That(Socket.TakeSent(), Is.Empty);
    }

    [Test]
    public async Task AnnounceAliveAsync_AfterReboot_CarriesNewLocationAndBootId()
    {
        await StartMulticastAsync();
        _source.Current = _source.Current with { Location = new Uri("http://127.0.0.1:50001/rootDesc.xml"), BootId = 2 };

        await _responder.AnnounceAliveAsync();

        var alive = Socket.TakeSent().Select(d => d.Message).ToList();
        Assert.That(alive.Select(m => m.Header("LOCATION")), Is.All.EqualTo("http://127.0.0.1:50001/rootDesc.xml"));
        Assert.That(alive.Select(m => m.Header("BOOTID.UPNP.ORG")), Is.All.EqualTo("2"));
    }

    [Test]
    public async Task StopAsync_Multicast_SendsByeByeAndClosesTheSocket()
    {
        await StartMulticastAsync();
        var socket = Socket;

        await _responder.StopAsync();

        var sent = socket.TakeSent();
        Assert.That(sent, Has.Count.EqualTo(SsdpSearchTargets.Advertisements(_source.Root).Count));
        Assert.That(sent.Select(d => d.Message.Header("NTS")), Is.All.EqualTo("ssdp:byebye"));
        Assert.That(socket.IsDisposed, Is.True);
        Assert.That(() => _responder.LocalEndPoint, Throws.InvalidOperationException);
    }

    [Test]
    public async Task StopAsync_NotStarted_DoesNothing()
    {
        await _responder.StopAsync();

        Assert.That(_sockets.Opened, Is.Null);
    }

    [Test]
    public async Task StartAsync_AlreadyStarted_Throws()
    {
        await _responder.StartAsync(LanAddress, 0, multicast: false, CancellationToken.None);

        Assert.That(
            () => _responder.StartAsync(LanAddress, 0, multicast: false, CancellationToken.None),
            Throws.InvalidOperationException);
    }

    [Test]
    public async Task StartAsync_AfterStop_AnswersAgain()
    {
        await _responder.StartAsync(LanAddress, 0, multicast: false, CancellationToken.None);
        await _responder.StopAsync();

        await _responder.StartAsync(LanAddress, 0, multicast: false, CancellationToken.None);
        await _responder.HandleDatagramAsync(Search("upnp:rootdevice"), ControlPoint, toMulticastGroup: false, CancellationToken.None);

        Assert.That(Socket.TakeSent(), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task StartAsync_AfterDispose_Throws()
    {
        await _responder.DisposeAsync();

        Assert.That(
            () => _responder.StartAsync(LanAddress, 0, multicast: false, CancellationToken.None),
            Throws.TypeOf<ObjectDisposedException>());
    }

    [Test]
    public void HandleDatagramAsync_NotStarted_Throws()
    {
        Assert.That(
            () => _responder.HandleDatagramAsync(Search("ssdp:all"), ControlPoint, toMulticastGroup: false, CancellationToken.None),
            Throws.InvalidOperationException);
    }

    [Test]
    public async Task HandleDatagramAsync_GroupSearch_RepliesOnlyAfterTheMxDelay()
    {
        await StartMulticastAsync();

        await _responder.HandleDatagramAsync(Search(Igd1, mx: 3), ControlPoint, toMulticastGroup: true, CancellationToken.None);
        var beforeDelay = Socket.TakeSent();
        _time.Advance(TimeSpan.FromSeconds(3));
        var reply = await Socket.NextSentAsync();

        Assert.That(beforeDelay, Is.Empty);
        Assert.That(reply.Destination, Is.EqualTo(ControlPoint));
        Assert.That(reply.Message.Kind, Is.EqualTo(SsdpMessageKind.Response));
        Assert.That(reply.Message.SearchTarget, Is.EqualTo(Igd1));
        Assert.That(_responder.AnsweredSearches, Is.EqualTo(1));
    }

    [Test]
    public async Task HandleDatagramAsync_GroupSearches_RepliesSpreadOverMx()
    {
        const int searches = 40;
        await StartMulticastAsync();
        for (var i = 0; i < searches; i++)
        {
            await _responder.HandleDatagramAsync(Search(Igd1, mx: 4), ControlPoint, toMulticastGroup: true, CancellationToken.None);
        }

        _time.Advance(TimeSpan.FromSeconds(2));
        await Socket.NextSentAsync();
        var early = 1 + Socket.TakeSent().Count;
        _time.Advance(TimeSpan.FromSeconds(2));
        for (var i = early; i < searches; i++)
        {
            await Socket.NextSentAsync();
        }

        Assert.That(early, Is.LessThan(searches), "replies due after 2 s of an MX of 4 went out early");
        Assert.That(_responder.AnsweredSearches, Is.EqualTo(searches));
    }

    [Test]
    public async Task HandleDatagramAsync_GroupSearchWithMxAbove5_AnsweredWithinFiveSeconds()
    {
        const int searches = 40;
        await StartMulticastAsync();
        for (var i = 0; i < searches; i++)
        {
            await _responder.HandleDatagramAsync(Search(Igd1, mx: 120), ControlPoint, toMulticastGroup: true, CancellationToken.None);
        }

        _time.Advance(TimeSpan.FromSeconds(5));
        for (var i = 0; i < searches; i++)
        {
            await Socket.NextSentAsync();
        }

        Assert.That(_responder.AnsweredSearches, Is.EqualTo(searches));
    }

    [TestCase(null)]
    [TestCase("")]
    [TestCase("soon")]
    [TestCase("-1")]
    [TestCase("1.5")]
    public async Task HandleDatagramAsync_GroupSearchWithoutValidMx_DroppedAndCounted(string? mx)
    {
        await StartMulticastAsync();
        var datagram = mx is null
            ? Search(Igd1)
            : SsdpMessageBuilder.Search().Header("HOST", "239.255.255.250:1900").Header("MX", mx).Header("ST", Igd1).ToBytes();

        await _responder.HandleDatagramAsync(datagram, ControlPoint, toMulticastGroup: true, CancellationToken.None);
        _time.Advance(TimeSpan.FromSeconds(10));

        Assert.That(_responder.DroppedDatagrams, Is.EqualTo(1));
        Assert.That(Socket.TakeSent(), Is.Empty);
    }

    [Test]
    public async Task HandleDatagramAsync_UnicastSearchInMulticastMode_RepliesAtOnce()
    {
        await StartMulticastAsync();

        await _responder.HandleDatagramAsync(Search(Igd1), ControlPoint, toMulticastGroup: false, CancellationToken.None);

        var sent = Socket.TakeSent();
        Assert.That(sent, Has.Count.EqualTo(1));
        Assert.That(sent[0].Destination, Is.EqualTo(ControlPoint));
        Assert.That(sent[0].Message.SearchTarget, Is.EqualTo(Igd1));
    }

    [Test]
    public async Task HandleDatagramAsync_UnmatchedGroupSearch_SchedulesNothing()
    {
        await StartMulticastAsync();

        await _responder.HandleDatagramAsync(Search("urn:schemas-upnp-org:device:MediaServer:1", mx: 1), ControlPoint, toMulticastGroup: true, CancellationToken.None);
        _time.Advance(TimeSpan.FromSeconds(1));
        await _responder.StopAsync();

        Assert.That(Socket.TakeSent().Select(d => d.Message.Kind), Is.All.EqualTo(SsdpMessageKind.Notify));
        Assert.That(_responder.AnsweredSearches, Is.Zero);
        Assert.That(_responder.DroppedDatagrams, Is.Zero);
    }

    [Test]
    public async Task HandleDatagramAsync_UpnpTurnedOffDuringMxDelay_SendsNothing()
    {
        await StartMulticastAsync();
        await _responder.HandleDatagramAsync(Search(Igd1, mx: 2), ControlPoint, toMulticastGroup: true, CancellationToken.None);

        _source.Current = _source.Current with { IsEnabled = false };
        _time.Advance(TimeSpan.FromSeconds(2));
        await _responder.StopAsync();

        Assert.That(Socket.TakeSent(), Is.Empty);
        Assert.That(_responder.AnsweredSearches, Is.Zero);
    }

    [Test]
    public async Task HandleDatagramAsync_RebootDuringMxDelay_ReplyCarriesTheNewBoot()
    {
        await StartMulticastAsync();
        await _responder.HandleDatagramAsync(Search(Igd1, mx: 2), ControlPoint, toMulticastGroup: true, CancellationToken.None);

        _source.Current = _source.Current with { Location = new Uri("http://127.0.0.1:50002/rootDesc.xml"), BootId = 9 };
        _time.Advance(TimeSpan.FromSeconds(2));
        var reply = (await Socket.NextSentAsync()).Message;

        Assert.That(reply.Header("LOCATION"), Is.EqualTo("http://127.0.0.1:50002/rootDesc.xml"));
        Assert.That(reply.Header("BOOTID.UPNP.ORG"), Is.EqualTo("9"));
    }

    [Test]
    public async Task StopAsync_ReplyWaitingForMx_IsAbandoned()
    {
        await StartMulticastAsync();
        await _responder.HandleDatagramAsync(Search(Igd1, mx: 5), ControlPoint, toMulticastGroup: true, CancellationToken.None);

        await _responder.StopAsync();
        _time.Advance(TimeSpan.FromSeconds(5));

        Assert.That(Socket.TakeSent().Select(d => d.Message.Header("NTS")), Is.All.EqualTo("ssdp:byebye"));
        Assert.That(_responder.AnsweredSearches, Is.Zero);
    }

    [Test]
    public async Task HandleDatagramAsync_MorePendingRepliesThanTheLimit_DropsTheRest()
    {
        await StartMulticastAsync();
        for (var i = 0; i <= SsdpResponderLimits.MaxPendingReplies; i++)
        {
            await _responder.HandleDatagramAsync(Search(Igd1, mx: 5), ControlPoint, toMulticastGroup: true, CancellationToken.None);
        }

        Assert.That(_responder.DroppedDatagrams, Is.EqualTo(1));
    }

    [Test]
    public async Task HandleDatagramAsync_SearchFromPortZero_Dropped()
    {
        await StartMulticastAsync();

        await _responder.HandleDatagramAsync(Search(Igd1), new IPEndPoint(LanAddress, 0), toMulticastGroup: false, CancellationToken.None);

        Assert.That(_responder.DroppedDatagrams, Is.EqualTo(1));
        Assert.That(Socket.TakeSent(), Is.Empty);
    }

    [Test]
    public async Task ReceiveLoop_GroupSearch_WaitsWhileUnicastSearchIsAnswered()
    {
        await StartMulticastAsync();

        Socket.Deliver(Search(Igd1, mx: 2), ControlPoint, Group.Address);
        Socket.Deliver(Search("upnp:rootdevice"), ControlPoint, LanAddress);
        var first = await Socket.NextSentAsync();
        _time.Advance(TimeSpan.FromSeconds(2));
        var second = await Socket.NextSentAsync();

        Assert.That(first.Message.SearchTarget, Is.EqualTo("upnp:rootdevice"));
        Assert.That(second.Message.SearchTarget, Is.EqualTo(Igd1));
    }

    [Test]
    public async Task ReceiveLoop_GroupSearchWithoutMx_Dropped()
    {
        await StartMulticastAsync();

        Socket.Deliver(Search(Igd1), ControlPoint, Group.Address);
        Socket.Deliver(Search("upnp:rootdevice"), ControlPoint, LanAddress);
        var reply = await Socket.NextSentAsync();

        Assert.That(reply.Message.SearchTarget, Is.EqualTo("upnp:rootdevice"));
        Assert.That(_responder.DroppedDatagrams, Is.EqualTo(1));
    }

    [Test]
    public async Task ReceiveLoop_OwnNotifyComingBack_IgnoredWithoutCountingADrop()
    {
        await StartMulticastAsync();
        var alive = SsdpMessages.AliveNotify(SsdpSearchTargets.Advertisements(_source.Root)[0], _source.Current);

        Socket.Deliver(alive, new IPEndPoint(LanAddress, 1900), Group.Address);
        Socket.Deliver(Search("upnp:rootdevice"), ControlPoint, LanAddress);
        await Socket.NextSentAsync();

        Assert.That(_responder.DroppedDatagrams, Is.Zero);
        Assert.That(Socket.TakeSent(), Is.Empty);
    }

    [Test]
    public async Task ReceiveLoop_ConnectionResetOnReceive_KeepsAnswering()
    {
        await _responder.StartAsync(LanAddress, 0, multicast: false, CancellationToken.None);

        Socket.DeliverFailure(new SocketException((int)SocketError.ConnectionReset));
        Socket.DeliverFailure(new InvalidOperationException("unexpected"));
        Socket.Deliver(Search(Igd1), ControlPoint);
        var reply = await Socket.NextSentAsync();

        Assert.That(reply.Message.SearchTarget, Is.EqualTo(Igd1));
    }

    [Test]
    public async Task ReceiveLoop_SendFailsWithIcmpError_KeepsAnswering()
    {
        await _responder.StartAsync(LanAddress, 0, multicast: false, CancellationToken.None);
        Socket.FailNextSend(new SocketException((int)SocketError.ConnectionRefused));

        Socket.Deliver(Search("upnp:rootdevice"), ControlPoint);
        Socket.Deliver(Search(Igd1), ControlPoint);
        var reply = await Socket.NextSentAsync();

        Assert.That(reply.Message.SearchTarget, Is.EqualTo(Igd1));
        Assert.That(_responder.AnsweredSearches, Is.EqualTo(2));
    }

    [Test]
    public async Task ReceiveLoop_DatagramLongerThanTheBuffer_DroppedAndCounted()
    {
        await _responder.StartAsync(LanAddress, 0, multicast: false, CancellationToken.None);

        Socket.Deliver(new byte[20_000], ControlPoint);
        Socket.Deliver(Search(Igd1), ControlPoint);
        await Socket.NextSentAsync();

        Assert.That(_responder.DroppedDatagrams, Is.EqualTo(1));
    }

    private static byte[] Search(string searchTarget, int? mx = null) => SsdpSearch.Build(searchTarget, mx);

    private async Task StartMulticastAsync()
    {
        await _responder.StartAsync(LanAddress, 0, multicast: true, CancellationToken.None);
        Socket.TakeSent();
    }
}
