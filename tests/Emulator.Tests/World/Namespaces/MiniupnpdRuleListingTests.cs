using IgdLab.Emulator.World.Namespaces;

namespace IgdLab.Emulator.Tests.World.Namespaces;

public sealed class MiniupnpdRuleListingTests
{
    // Hosts of the LAN namespace that MiniupnpdRouter creates; the listing is text, nothing is sent to them.
    private static readonly string First = MiniupnpdRouter.LanHost(0).ToString();
    private static readonly string Second = MiniupnpdRouter.LanHost(1).ToString();

    // As nft -a prints miniupnpd 2.3.1's DNAT chain with two mappings.
    private static readonly string Listing = $$"""
        table inet miniupnpd {
        	chain prerouting_miniupnpd { # handle 5
        		iif "rwan" @nh,72,8 0x6 th dport 20000 dnat ip to {{First}}:20000 # handle 12
        		iif "rwan" @nh,72,8 0x11 th dport 20000 dnat ip to {{Second}}:20000 # handle 13
        		iif "rwan" @nh,72,8 0x6 th dport 200001 dnat ip to {{Second}}:20000 # handle 14
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
            ("TCP", 20000, First, 20000), ("UDP", 20000, Second, 20000), ("TCP", 200001, Second, 20000),
        }));
    }
}
