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
}
