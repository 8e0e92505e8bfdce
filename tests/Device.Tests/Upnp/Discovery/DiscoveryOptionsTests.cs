using System.Net;
using IgdLab.Device.Upnp.Discovery;

namespace IgdLab.Device.Tests.Upnp.Discovery;

public sealed class DiscoveryOptionsTests
{
    [Test]
    public void Defaults_AreWhatRealClientsUse()
    {
        var options = new DiscoveryOptions();

        Assert.Multiple(() =>
        {
            Assert.That(options.SearchTargets, Is.EqualTo(new[]
            {
                "urn:schemas-upnp-org:device:InternetGatewayDevice:2",
                "urn:schemas-upnp-org:device:InternetGatewayDevice:1",
                "urn:schemas-upnp-org:service:WANIPConnection:2",
                "urn:schemas-upnp-org:service:WANIPConnection:1",
                "urn:schemas-upnp-org:service:WANPPPConnection:1",
                "upnp:rootdevice",
            }));
            Assert.That(options.Timeout, Is.EqualTo(TimeSpan.FromSeconds(3)));
            Assert.That(options.Mx, Is.EqualTo(2));
            Assert.That(options.MulticastTimeToLive, Is.EqualTo(2));
            Assert.That(options.MulticastEndPoint, Is.EqualTo(new IPEndPoint(IPAddress.Parse("239.255.255.250"), 1900)));
            Assert.That(options.Multicast, Is.False, "multicast must be asked for: host tests never send to the group");
            Assert.That(options.UnicastEndPoint, Is.Null);
        });
    }

    [Test]
    public void Validate_UnicastOnly_IsValid()
    {
        Assert.That(new DiscoveryOptions { UnicastEndPoint = new IPEndPoint(IPAddress.Loopback, 1900) }.Validate(), Is.Empty);
    }

    [Test]
    public void Validate_EverythingWrong_ReportsEveryProblemAtOnce()
    {
        var options = new DiscoveryOptions
        {
            SearchTargets = ["ok", "bad\r\nMAN: injected", ""],
            MulticastEndPoint = new IPEndPoint(IPAddress.Parse("10.0.0.1"), 1900),
            LocalAddress = IPAddress.IPv6Loopback,
            Timeout = TimeSpan.Zero,
            Mx = 9,
            MulticastTimeToLive = 0,
        };

        var problems = options.Validate();

        Assert.That(problems, Has.Count.EqualTo(8));
        Assert.That(problems, Has.Some.Contains("UnicastEndPoint, Multicast or both"));
    }

    [Test]
    public void Constructor_InvalidOptions_Throws()
    {
        Assert.Throws<ArgumentException>(() => new SsdpDiscoverer(new DiscoveryOptions()));
    }
}
