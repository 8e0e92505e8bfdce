using System.Net;
using IgdLab.Igd.Faults;
using IgdLab.Igd.Forwarding;
using IgdLab.Igd.Router;
using IgdLab.TestUtilities;

namespace IgdLab.Igd.Tests.Router;

/// <summary>
/// The WAN address choice of change-wan-ip and reboots. "Not bindable" comes from a fake check: a test must not name an
/// address outside 127.0.0.0/8, and every loopback address is bindable on Linux.
/// </summary>
public sealed class WanAddressChooserTests
{
    [Test]
    public void Choose_RequestedAddressNotBindable_RefusesWithReason()
    {
        var refused = LoopbackAddresses.Next();
        var chooser = new WanAddressChooser(Options(canBind: a => !a.Equals(refused)));

        Assert.That(
            () => chooser.Choose(LoopbackAddresses.Next(), refused),
            Throws.TypeOf<FaultRejectedException>().With.Message.EqualTo($"the address must be bindable: this host cannot listen on {refused}"));
    }

    [Test]
    public void Choose_RequestedLanAddress_Refuses()
    {
        var options = Options(canBind: _ => true);
        var chooser = new WanAddressChooser(options);

        Assert.That(
            () => chooser.Choose(LoopbackAddresses.Next(), options.LanAddress),
            Throws.TypeOf<FaultRejectedException>().With.Message.Contains("must differ from the LAN address"));
    }

    [Test]
    public void Choose_RequestedIpv6Address_Refused()
    {
        // NAT-PMP and ExternalIPAddress carry IPv4 only: an IPv6 WAN address used to be taken, then broke the announcement.
        var chooser = new WanAddressChooser(Options(canBind: _ => true));

        Assert.That(
            () => chooser.Choose(LoopbackAddresses.Next(), IPAddress.IPv6Loopback),
            Throws.TypeOf<FaultRejectedException>().With.Message.EqualTo("the WAN address must be an IPv4 address, not ::1"));
    }

    [Test]
    public void Choose_RequestedBindableAddress_ReturnsIt()
    {
        var requested = LoopbackAddresses.Next();
        var chooser = new WanAddressChooser(Options(canBind: _ => true));

        Assert.That(chooser.Choose(LoopbackAddresses.Next(), requested), Is.EqualTo(requested));
    }

    [Test]
    public void Choose_NextAddressNotBindable_SkipsToABindableOne()
    {
        var plan = new Queue<IPAddress>([LoopbackAddresses.Next(), LoopbackAddresses.Next()]);
        var unbindable = plan.Peek();
        var bindable = plan.Last();
        var options = Options(canBind: a => !a.Equals(unbindable));
        options.NextWanAddress = _ => plan.Dequeue();

        Assert.That(new WanAddressChooser(options).Choose(LoopbackAddresses.Next(), null), Is.EqualTo(bindable));
    }

    [Test]
    public void Choose_NothingBindable_RefusesAfterAFewCandidates()
    {
        var options = Options(canBind: _ => false);
        var tried = 0;
        options.NextWanAddress = _ =>
        {
            tried++;
            return LoopbackAddresses.Next();
        };

        Assert.That(
            () => new WanAddressChooser(options).Choose(LoopbackAddresses.Next(), null),
            Throws.TypeOf<FaultRejectedException>().With.Message.StartsWith("no bindable WAN address after"));
        Assert.That(tried, Is.InRange(2, 100));
    }

    [Test]
    [Category("Loopback")]
    public void Choose_NoRequestWithTheRealCheck_PicksAnAddressThisHostCanBind()
    {
        var current = LoopbackAddresses.Next();
        var options = new VirtualGatewayOptions { LanAddress = LoopbackAddresses.Next(), WanAddress = current };

        var next = new WanAddressChooser(options).Choose(current, null);

        Assert.That(next, Is.Not.EqualTo(current).And.Not.EqualTo(options.LanAddress));
        Assert.That(IPAddress.IsLoopback(next), Is.True);
        Assert.That(WanSockets.CanBind(next), Is.True);
    }

    private static VirtualGatewayOptions Options(Func<IPAddress, bool> canBind) => new()
    {
        LanAddress = LoopbackAddresses.Next(),
        WanAddress = LoopbackAddresses.Next(),
        CanBindWanAddress = canBind,
    };
}
