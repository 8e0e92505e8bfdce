using System.Net;
using IgdLab.Emulator.World;

namespace IgdLab.Emulator.Tests.World;

public sealed class AddressPlanTests
{
    [Test]
    public void Next_HandsOutEveryUsableAddressOfTheBlockOnce_ThenThrows()
    {
        var plan = AddressPlan.ForBlock(200, 3);
        var seen = new HashSet<IPAddress>();
        for (var i = 0; i < AddressPlan.Usable; i++)
        {
            var address = plan.Next();
            var bytes = address.GetAddressBytes();
            Assert.That(bytes[0], Is.EqualTo(127));
            Assert.That(bytes[1], Is.EqualTo(200));
            Assert.That(bytes[2], Is.InRange(12, 15), "block 3 is 127.200.12.0/22");
            Assert.That(bytes[3], Is.Not.EqualTo(0).And.Not.EqualTo(255));
            Assert.That(seen.Add(address), Is.True, $"{address} handed out twice");
        }

        Assert.That(plan.Remaining, Is.Zero);
        Assert.That(plan.Next, Throws.InvalidOperationException.With.Message.Contains("127.200.12.0/22"));
    }

    [Test]
    public void ForNewWorld_TwoWorlds_NeverShareAnAddress()
    {
        var first = AddressPlan.ForNewWorld();
        var second = AddressPlan.ForNewWorld();
        var a = Enumerable.Range(0, 100).Select(_ => first.Next()).ToHashSet();

        var overlap = Enumerable.Range(0, 100).Select(_ => second.Next()).Where(a.Contains).ToList();

        Assert.That(overlap, Is.Empty);
        Assert.That(first.Range, Is.Not.EqualTo(second.Range));
    }
}
