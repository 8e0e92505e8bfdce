using System.Net;
using System.Net.Sockets;
using IgdLab.Emulator.World;
using IgdLab.Emulator.World.Namespaces;

namespace IgdLab.Emulator.Tests.World;

/// <summary>
/// The world's guard on where probes may go. Its inputs include addresses off this machine on purpose: the guard is a
/// predicate that refuses them before any socket exists, and these tests only call the predicate; nothing is sent. They
/// are derived from the guard's own address spaces (their first and last hosts, the first address past the shared
/// space), so the tests write no address off loopback themselves.
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

    [TestCaseSource(nameof(OffTheMachine))]
    public void Refusal_OffTheMachine_RefusedWithWhy(IPAddress address, string space)
    {
        Assert.That(
            LabNetwork.LoopbackOnly.Refusal(new IPEndPoint(address, 20000)),
            Is.EqualTo($"{address} is outside the lab network ({space}); not probed"));
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

    private static IEnumerable<TestCaseData> OffTheMachine()
    {
        var shared = LabNetwork.SharedSpace;
        var firstPrivate = LabNetwork.PrivateSpace.First(n => n.BaseAddress.AddressFamily == AddressFamily.InterNetwork);
        yield return new TestCaseData(Offset(shared.BaseAddress, 1), "carrier-grade NAT space");
        yield return new TestCaseData(Offset(shared.BaseAddress, (1L << (32 - shared.PrefixLength)) - 2), "carrier-grade NAT space");
        yield return new TestCaseData(Offset(firstPrivate.BaseAddress, 20), "private address space");
        yield return new TestCaseData(IPAddress.Any, "unspecified address");
        yield return new TestCaseData(Offset(shared.BaseAddress, (1L << (32 - shared.PrefixLength)) + 1), "not loopback");
    }

    /// <summary>The IPv4 address <paramref name="count"/> after <paramref name="address"/>.</summary>
    private static IPAddress Offset(IPAddress address, long count)
    {
        var bytes = address.GetAddressBytes();
        var value = ((long)bytes[0] << 24 | (long)bytes[1] << 16 | (long)bytes[2] << 8 | bytes[3]) + count;
        return new IPAddress([(byte)(value >> 24), (byte)(value >> 16), (byte)(value >> 8), (byte)value]);
    }

    /// <summary>The same host in the next /24 (a.b.c+1.d).</summary>
    private static IPAddress NextSubnet(IPAddress address)
    {
        var bytes = address.GetAddressBytes();
        bytes[2]++;
        return new IPAddress(bytes);
    }
}
