using System.Net;
using IgdLab.Device.Upnp.Discovery;
using Microsoft.Extensions.Time.Testing;

namespace IgdLab.Device.Tests.Upnp.Discovery;

/// <summary>
/// The discoverer over a fake socket: the multicast path (which host tests must never exercise on a real socket),
/// send failures and the socket's lifetime.
/// </summary>
public sealed class SsdpDiscovererUnitTests
{
    private static readonly IPAddress Device = IPAddress.Parse("127.71.1.20");
    private static readonly IPEndPoint Router = new(IPAddress.Parse("127.71.1.1"), 1900);
    private static readonly IPEndPoint Group = new(IPAddress.Parse("239.255.255.250"), 1900);

    [Test]
    public async Task DiscoverAsync_Multicast_SendsEveryTargetToTheGroupFromTheDeviceAddress()
    {
        var time = new FakeTimeProvider();
        var factory = new FakeSearchSocketFactory();
        var discoverer = new SsdpDiscoverer(new DiscoveryOptions { Multicast = true, LocalAddress = Device }, time, null, factory);

        var discovery = discoverer.DiscoverAsync(stopWhen: _ => true);
        factory.Socket!.Deliver(FakeSsdpResponder.Reply("http://127.71.1.1:5000/rootDesc.xml", UpnpUrns.InternetGatewayDevice1), Router);
        var result = await discovery.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Multiple(() =>
        {
            Assert.That(factory.Opened, Is.EqualTo((Device, true, 2)));
            Assert.That(factory.Socket.Sent.Select(s => s.Destination), Is.All.EqualTo(Group));
            Assert.That(factory.Socket.Sent.Select(s => s.Text), Is.All.Contains("HOST: 239.255.255.250:1900\r\n"));
            Assert.That(factory.Socket.Sent, Has.Count.EqualTo(IgdSearchTargets.Default.Count));
            Assert.That(result.Replies.Single().Responder, Is.EqualTo(Router));
            Assert.That(factory.Socket.Disposed, Is.True);
        });
    }

    [Test]
    public async Task DiscoverAsync_UnicastAndMulticast_SendsEachTargetToBoth()
    {
        var time = new FakeTimeProvider();
        var factory = new FakeSearchSocketFactory();
        var options = new DiscoveryOptions
        {
            Multicast = true,
            UnicastEndPoint = Router,
            LocalAddress = Device,
            SearchTargets = [UpnpUrns.InternetGatewayDevice2, UpnpUrns.RootDevice],
        };

        var discovery = new SsdpDiscoverer(options, time, null, factory).DiscoverAsync();
        time.Advance(options.Timeout);
        await discovery;

        Assert.That(factory.Socket!.Sent.Select(s => (s.Destination, s.Text.Split("\r\n")[1])), Is.EqualTo(new[]
        {
            (Router, "HOST: 127.71.1.1:1900"), (Group, "HOST: 239.255.255.250:1900"),
            (Router, "HOST: 127.71.1.1:1900"), (Group, "HOST: 239.255.255.250:1900"),
        }));
    }

    [Test]
    public async Task DiscoverAsync_NoLocalAddress_BindsAny()
    {
        var time = new FakeTimeProvider();
        var factory = new FakeSearchSocketFactory();

        var discovery = new SsdpDiscoverer(new DiscoveryOptions { UnicastEndPoint = Router }, time, null, factory).DiscoverAsync();
        time.Advance(DiscoveryDefaults.Timeout);
        await discovery;

        Assert.That(factory.Opened, Is.EqualTo((IPAddress.Any, false, 2)));
    }

    [Test]
    public async Task DiscoverAsync_EverySendFails_EndsWithoutWaitingForTheTimeout()
    {
        var factory = new FakeSearchSocketFactory { FailSends = true };
        var discoverer = new SsdpDiscoverer(new DiscoveryOptions { Multicast = true, LocalAddress = Device }, new FakeTimeProvider(), null, factory);

        var result = await discoverer.DiscoverAsync().WaitAsync(TimeSpan.FromSeconds(10));

        Assert.That(result.FailedSends, Is.EqualTo(IgdSearchTargets.Default.Count));
        Assert.That(result.Replies, Is.Empty);
    }

    [Test]
    public async Task SearchAsync_ConsumerLeavesEarly_ClosesTheSocket()
    {
        var factory = new FakeSearchSocketFactory();
        var discoverer = new SsdpDiscoverer(new DiscoveryOptions { UnicastEndPoint = Router }, new FakeTimeProvider(), null, factory);

        await using (var replies = discoverer.SearchAsync().GetAsyncEnumerator())
        {
            var next = replies.MoveNextAsync();
            factory.Socket!.Deliver(FakeSsdpResponder.Reply("http://127.71.1.1:5000/d.xml", UpnpUrns.RootDevice), Router);
            Assert.That(await next, Is.True);
        }

        Assert.That(factory.Socket.Disposed, Is.True);
    }
}
