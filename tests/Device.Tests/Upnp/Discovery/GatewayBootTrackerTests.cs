using System.Net;
using IgdLab.Device.Upnp.Discovery;
using IgdLab.Igd.Faults;
using IgdLab.TestUtilities;

namespace IgdLab.Device.Tests.Upnp.Discovery;

public sealed class GatewayBootTrackerTests
{
    private static readonly IPEndPoint Router = new(IPAddress.Parse("127.71.2.1"), 1900);

    private static SsdpReply Reply(int? bootId, string location = "http://127.71.2.1:5000/rootDesc.xml", string usn = "uuid:abc::upnp:rootdevice") => new()
    {
        Responder = Router,
        Location = new Uri(location),
        UniqueServiceName = usn,
        BootId = bootId,
        ReceivedAt = DateTimeOffset.UnixEpoch,
    };

    [Test]
    public void Observe_FirstReply_IsNotAReboot()
    {
        Assert.That(new GatewayBootTracker().Observe(Reply(1)), Is.Null);
    }

    [Test]
    public void Observe_SameBootIdAndLocation_IsNotAReboot()
    {
        var tracker = new GatewayBootTracker();
        tracker.Observe(Reply(7));
        Assert.That(tracker.Observe(Reply(7)), Is.Null);
    }

    [Test]
    public void Observe_BootIdChanged_IsAReboot()
    {
        var tracker = new GatewayBootTracker();
        tracker.Observe(Reply(7));
        var reboot = tracker.Observe(Reply(8));
        Assert.That(reboot, Is.Not.Null);
        Assert.That(reboot!.BootIdChanged, Is.True);
        Assert.That(reboot.LocationMoved, Is.False);
    }

    [Test]
    public void Observe_LocationMovedWithoutBootId_IsAReboot()
    {
        var tracker = new GatewayBootTracker();
        tracker.Observe(Reply(null));
        var reboot = tracker.Observe(Reply(null, "http://127.71.2.1:5001/rootDesc.xml"));
        Assert.That(reboot?.LocationMoved, Is.True);
    }

    [Test]
    public void Observe_OtherDevice_IsTrackedSeparately()
    {
        var tracker = new GatewayBootTracker();
        tracker.Observe(Reply(1, usn: "uuid:one::upnp:rootdevice"));
        Assert.That(tracker.Observe(Reply(2, usn: "uuid:two::upnp:rootdevice")), Is.Null);
    }

    [Test]
    [Category("Loopback")]
    public async Task Observe_VirtualRouterRebootsOnNewPort_IsNoticed()
    {
        await using var gateway = await TestGateways.StartAsync(TimeProvider.System);
        var discoverer = new SsdpDiscoverer(new DiscoveryOptions
        {
            UnicastEndPoint = gateway.SsdpEndPoint,
            LocalAddress = LoopbackAddresses.Next(),
            SearchTargets = [UpnpUrns.RootDevice],
            Timeout = TimeSpan.FromSeconds(2),
        });
        var tracker = new GatewayBootTracker();

        var before = await discoverer.DiscoverAsync(_ => true);
        Assert.That(tracker.Observe(before.Replies.Single()), Is.Null);
        await gateway.ApplyFaultAsync(new IgdLab.Igd.Faults.Reboot { NewHttpPort = true });
        var after = await discoverer.DiscoverAsync(_ => true);

        var reboot = tracker.Observe(after.Replies.Single());
        Assert.That(reboot, Is.Not.Null);
        Assert.That(reboot!.BootIdChanged, Is.True);
        Assert.That(reboot.After.BootId, Is.EqualTo(before.Replies.Single().BootId + 1));
        Assert.That(reboot.After.Location, Is.EqualTo(gateway.DescriptionUrl));
    }
}
