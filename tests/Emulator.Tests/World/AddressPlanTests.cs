using System.Net;
using IgdLab.Emulator.World;

namespace IgdLab.Emulator.Tests.World;

// Each test draws from its own 127.x.0.0/16 (the pools are per /16 and shared by the process), none of them a
// process's own 127.128-191.x range.
public sealed class AddressPlanTests
{
    [Test]
    public void Next_TakesSubnetsAsNeeded_AndNeverHandsOutAnAddressTwiceOrTheSubnetsEnds()
    {
        using var plan = AddressPlan.For(200);
        var seen = new HashSet<IPAddress>();
        const int Count = 10_250;
        for (var i = 0; i < Count; i++)
        {
            var bytes = plan.Next().GetAddressBytes();
            Assert.That(bytes[0], Is.EqualTo(127));
            Assert.That(bytes[1], Is.EqualTo(200));
            Assert.That(bytes[3], Is.Not.EqualTo(0).And.Not.EqualTo(255));
            Assert.That(seen.Add(new IPAddress(bytes)), Is.True, $"{new IPAddress(bytes)} handed out twice");
        }

        Assert.That(plan.HandedOut, Is.EqualTo(Count));
        Assert.That(seen.Select(a => a.GetAddressBytes()[2]).Distinct().Count(), Is.EqualTo((Count + 253) / 254), "a world of 10,250 hosts holds 41 subnets");
    }

    [Test]
    public void TwoWorldsAtOnce_NeverShareAnAddress()
    {
        using var first = AddressPlan.For(201);
        using var second = AddressPlan.For(201);
        var a = Enumerable.Range(0, 600).Select(_ => first.Next()).ToHashSet();

        var overlap = Enumerable.Range(0, 600).Select(_ => second.Next()).Where(a.Contains).ToList();

        Assert.That(overlap, Is.Empty);
        Assert.That(first.Range, Is.Not.EqualTo(second.Range));
    }

    [Test]
    public void Dispose_GivesTheSubnetsBack_ToTheEndOfTheQueue()
    {
        var before = AddressPlan.FreeSubnets(202);
        var plan = AddressPlan.For(202);
        var firstSubnet = plan.Next().GetAddressBytes()[2];
        Assert.That(AddressPlan.FreeSubnets(202), Is.EqualTo(before - 1));

        plan.Dispose();

        Assert.That(AddressPlan.FreeSubnets(202), Is.EqualTo(before));
        using var next = AddressPlan.For(202);
        Assert.That(next.Next().GetAddressBytes()[2], Is.Not.EqualTo(firstSubnet), "a returned subnet rests behind the unused ones");
        Assert.That(plan.Next, Throws.InstanceOf<ObjectDisposedException>());
    }

    [Test]
    public void Next_WhenTheSlash16IsUsedUp_SaysSoPlainly()
    {
        using var plan = AddressPlan.For(203);
        for (var i = 0; i < AddressPlan.MaxHosts; i++)
        {
            plan.Next();
        }

        Assert.That(plan.Next, Throws.InvalidOperationException.With.Message.Contains("127.203.0.0/16 is used up"));
    }

    [Test]
    public void ForASimulatedWorld_AddressesGoOnPastOneSlash16_AndTwoWorldsMayUseTheSameOnes()
    {
        using var first = AddressPlan.ForSimulatedWorld();
        using var second = AddressPlan.ForSimulatedWorld();
        var addresses = new HashSet<IPAddress>();
        var last = IPAddress.None;
        for (var i = 0; i < AddressPlan.MaxHosts + 1; i++)
        {
            last = first.Next();
            addresses.Add(last);
        }

        Assert.That(addresses, Has.Count.EqualTo(AddressPlan.MaxHosts + 1), "no address is handed out twice");
        Assert.That(addresses.All(a => a.GetAddressBytes() is [127, >= 64 and < 128, _, > 0 and < 255]), "inside 127.64.0.0/10, never a .0 or .255");
        Assert.That(last, Is.EqualTo(IPAddress.Parse("127.65.0.1")), "the 65,025th address opens the second /16");
        Assert.That(second.Next(), Is.EqualTo(IPAddress.Parse("127.64.0.1")), "a simulated world owns its addresses: nothing of it is on the kernel");
        Assert.That(first.Range, Is.EqualTo("127.64.0.0/24 … 127.65.0.0/24 (257 subnets of 127.64.0.0/10)"));
    }
}
