using IgdLab.Emulator.World.Namespaces;

namespace IgdLab.Emulator.Tests.World.Namespaces;

public sealed class MiniupnpdRuleListingTests
{
    // As nft -a prints miniupnpd 2.3.1's DNAT chain with two mappings.
    private const string Listing = """
        table inet miniupnpd {
        	chain prerouting_miniupnpd { # handle 5
        		iif "rwan" ip daddr 11.0.0.7 tcp dport 20000 dnat ip to 192.168.77.2:20000 # handle 12
        		iif "rwan" ip daddr 11.0.0.7 udp dport 20000 dnat ip to 192.168.77.3:20000 # handle 13
        		iif "rwan" ip daddr 11.0.0.7 tcp dport 200001 dnat ip to 192.168.77.3:20000 # handle 14
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
}
