using IgdLab.Emulator.World.Namespaces;

namespace IgdLab.Emulator.Tests.World.Namespaces;

public sealed class MiniupnpdRuleListingTests
{
    // As nft -a prints miniupnpd 2.3.1's DNAT chain with two mappings.
    private const string Listing = """
        table inet miniupnpd {
        	chain prerouting_miniupnpd { # handle 5
        		iif "rwan" @nh,72,8 0x6 th dport 20000 dnat ip to 192.168.77.2:20000 # handle 12
        		iif "rwan" @nh,72,8 0x11 th dport 20000 dnat ip to 192.168.77.3:20000 # handle 13
        		iif "rwan" @nh,72,8 0x6 th dport 200001 dnat ip to 192.168.77.3:20000 # handle 14
        	}
        }
        """;

    [Test]
    public void HandlesFor_OneMapping_OnlyItsProtocolAndPort()
    {
        Assert.That(MiniupnpdRuleListing.HandlesFor(Listing, 20000, "TCP"), Is.EqualTo(new long[] { 12 }));
        Assert.That(MiniupnpdRuleListing.HandlesFor(Listing, 20000, "UDP"), Is.EqualTo(new long[] { 13 }));
        Assert.That(MiniupnpdRuleListing.HandlesFor(Listing, 20001, "TCP"), Is.Empty);
    }

    [Test]
    public void Redirections_DnatChain_EveryMappingWithItsInternalSide()
    {
        Assert.That(MiniupnpdRuleListing.Redirections(Listing), Is.EqualTo(new[]
        {
            ("TCP", 20000, "192.168.77.2", 20000), ("UDP", 20000, "192.168.77.3", 20000), ("TCP", 200001, "192.168.77.3", 20000),
        }));
    }
}
