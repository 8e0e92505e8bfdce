using System.Net;
using IgdLab.Emulator.World;

namespace IgdLab.Emulator.Tests.World;

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
    [TestCase("8.8.8.8", "8.8.8.8 is outside the lab network (not loopback); not probed")]
    [TestCase("100.128.0.1", "100.128.0.1 is outside the lab network (not loopback); not probed")]
    public void Refusal_OffTheMachine_RefusedWithWhy(string address, string reason)
    {
        Assert.That(LabNetwork.LoopbackOnly.Refusal(new IPEndPoint(IPAddress.Parse(address), 20000)), Is.EqualTo(reason));
    }

    [Test]
    public void Refusal_InsideACreatedNamespace_AllowedThereOnly()
    {
        var network = new LabNetwork([IPNetwork.Parse("11.0.0.0/24")]);

        Assert.That(network.Refusal(new IPEndPoint(IPAddress.Parse("11.0.0.7"), 20000)), Is.Null);
        Assert.That(network.Refusal(new IPEndPoint(IPAddress.Parse("127.0.0.1"), 20000)), Is.Null);
        Assert.That(network.Refusal(new IPEndPoint(IPAddress.Parse("11.0.1.7"), 20000)), Does.EndWith("not probed"));
        Assert.That(LabNetwork.LoopbackOnly.Refusal(new IPEndPoint(IPAddress.Parse("11.0.0.7"), 20000)), Does.EndWith("not probed"));
    }
}
