using System.Net;
using IgdLab.TestUtilities;

namespace IgdLab.Igd.Tests;

public sealed class VirtualGatewayOptionsTests
{
    [Test]
    public void Validate_LoopbackAddresses_NoProblems()
    {
        var options = new VirtualGatewayOptions { LanAddress = LoopbackAddresses.Next(), WanAddress = LoopbackAddresses.Next() };

        Assert.That(options.Validate(), Is.Empty);
    }

    [Test]
    public void Validate_Ipv6WanAddress_ReportsIt()
    {
        var options = new VirtualGatewayOptions { LanAddress = LoopbackAddresses.Next(), WanAddress = IPAddress.IPv6Loopback };

        Assert.That(options.Validate(), Is.EqualTo(new[] { "WanAddress ::1 must be an IPv4 address" }));
    }

    [Test]
    public void Validate_WanLinkOnKernelSockets_ReportsThatOnlyTheInProcessWanCanBeImpaired()
    {
        var options = new VirtualGatewayOptions
        {
            LanAddress = LoopbackAddresses.Next(),
            WanAddress = LoopbackAddresses.Next(),
            WanLink = new WanLinkSettings { Loss = 120 },
        };

        Assert.That(options.Validate(), Is.EqualTo(new[]
        {
            "WanLink.Loss must be a percentage from 0 to 100, not 120",
            "WanLink impairs only a WAN on the in-process network (WanNetwork); a kernel socket's link cannot be impaired",
        }));
    }
}
