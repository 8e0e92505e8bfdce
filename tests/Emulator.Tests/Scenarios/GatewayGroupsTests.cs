using IgdLab.Emulator.Scenarios;

namespace IgdLab.Emulator.Tests.Scenarios;

public sealed class GatewayGroupsTests
{
    [Test]
    public void MemberIds_PadToTheCountsWidth()
    {
        Assert.That(GatewayGroups.MemberIds("home", 3), Is.EqualTo(new[] { "home-1", "home-2", "home-3" }));
        var hundred = GatewayGroups.MemberIds("home", 100);
        Assert.That(hundred, Has.Count.EqualTo(100).And.Unique);
        Assert.That((hundred[0], hundred[99]), Is.EqualTo(("home-001", "home-100")));
        Assert.That(GatewayGroups.MemberIds("home", 10_000)[9], Is.EqualTo("home-00010"));
    }

    [TestCase(10, 3, new[] { 0, 0, 0, 0, 1, 1, 1, 2, 2, 2 })]
    [TestCase(6, 3, new[] { 0, 0, 1, 1, 2, 2 })]
    [TestCase(2, 3, new[] { 0, 1 })]
    [TestCase(3, 1, new[] { 0, 0, 0 })]
    public void MemberOf_ContiguousBlocksDifferingByAtMostOne(int fleetSize, int members, int[] expected)
    {
        var spread = Enumerable.Range(0, fleetSize).Select(n => GatewayGroups.MemberOf(n, fleetSize, members));

        Assert.That(spread, Is.EqualTo(expected));
    }

    [Test]
    public void MemberOf_TenThousandOverAHundred_GivesEachAHundredInOrder()
    {
        var spread = Enumerable.Range(0, 10_000).Select(n => GatewayGroups.MemberOf(n, 10_000, 100)).ToList();

        Assert.That(spread.GroupBy(m => m).Select(g => g.Count()), Has.All.EqualTo(100));
        Assert.That(spread, Is.Ordered);
        Assert.That(spread[99], Is.EqualTo(0));
        Assert.That(spread[100], Is.EqualTo(1));
    }
}
