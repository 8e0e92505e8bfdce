using System.Net;
using IgdLab.Emulator.World;
using IgdLab.Emulator.World.Namespaces;

namespace IgdLab.Emulator.Tests.World;

/// <summary>
/// The world's guard on where probes may go. Its inputs include addresses off this machine on purpose: the guard is a
/// predicate that refuses them before any socket exists, and these tests only call the predicate; nothing is sent. The
/// public address is a documentation one (RFC 5737 TEST-NET-3), which no host answers.
/// </summary>
public sealed class LabNetworkTests
{
    [TestCase("127.0.0.1")]
    [TestCase("127.140.3.17")]
    [TestCase("::1")]
    [TestCase("::ffff:127.0.0.5")]
    public void Refusal_Loopback_Allowed(string address)
    {
        Assert.That(LabNetwork.LoopbackOnly.Refusal(new IPEndPoint(IPAddress.Parse(address), 20000)), Is.Null);
    }

    [TestCase("100.64.1.2", "100.64.1.2 is outside the lab network (carrier-grade NAT space); not probed")]
    [TestCase("100.127.255.254", "100.127.255.254 is outside the lab network (carrier-grade NAT space); not probed")]
    [TestCase("192.168.1.20", "192.168.1.20 is outside the lab network (private address space); not probed")]
    [TestCase("0.0.0.0", "0.0.0.0 is outside the lab network (unspecified address); not probed")]
    [TestCase("203.0.113.8", "203.0.113.8 is outside the lab network (not loopback); not probed")]
    [TestCase("100.128.0.1", "100.128.0.1 is outside the lab network (not loopback); not probed")]
    public void Refusal_OffTheMachine_RefusedWithWhy(string address, string reason)
    {
        Assert.That(LabNetwork.LoopbackOnly.Refusal(new IPEndPoint(IPAddress.Parse(address), 20000)), Is.EqualTo(reason));
    }

    [Test]
    public void Refusal_InsideACreatedNamespace_AllowedThereOnly()
    {
        // The outside network of the namespaces MiniupnpdRouter creates, and the router's WAN address in it.
        var network = new LabNetwork([MiniupnpdRouter.WanSubnet]);
        var wan = new IPEndPoint(MiniupnpdRouter.FirstWanAddress, 20000);

        Assert.That(network.Refusal(wan), Is.Null);
        Assert.That(network.Refusal(new IPEndPoint(IPAddress.Parse("127.0.0.1"), 20000)), Is.Null);
        Assert.That(network.Refusal(new IPEndPoint(NextSubnet(MiniupnpdRouter.FirstWanAddress), 20000)), Does.EndWith("not probed"), "the next /24 is not the namespace's");
        Assert.That(LabNetwork.LoopbackOnly.Refusal(wan), Does.EndWith("not probed"));
    }

    /// <summary>The same host in the next /24 (a.b.c+1.d).</summary>
    private static IPAddress NextSubnet(IPAddress address)
    {
        var bytes = address.GetAddressBytes();
        bytes[2]++;
        return new IPAddress(bytes);
    }
}
