using System.Net;
using IgdLab.Emulator.Running;
using IgdLab.Emulator.Tests.Reports;
using IgdLab.Emulator.Timeline;
using IgdLab.Igd.Events;

namespace IgdLab.Emulator.Tests.Running;

public sealed class GatewayEventTimelineTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Test]
    public void From_MappingRemovedWithReasonExpired_IsATypedExpiryOfTheDevice()
    {
        var mapping = TimelineSamples.Mapping();
        var gatewayEvent = new GatewayEvent { Timestamp = Now, Gateway = "gw1", Kind = GatewayEventKind.MappingRemoved, Mapping = mapping, Reason = RemovalReason.Expired };

        var recorded = GatewayEventTimeline.From(gatewayEvent, TimeSpan.FromSeconds(60), "nas");

        Assert.That(recorded, Is.EqualTo(new MappingRemoved(TimeSpan.FromSeconds(60), "gw1", "nas", mapping, RemovalReason.Expired)));
        Assert.That(((MappingRemoved)recorded!).IsExpiry, Is.True);
    }

    [Test]
    public void From_WanAddressChanged_CarriesTheNewAddressAndTheGatewaysWords()
    {
        var gatewayEvent = new GatewayEvent
        {
            Timestamp = Now, Gateway = "gw1", Kind = GatewayEventKind.WanAddressChanged, WanAddress = IPAddress.Parse("127.0.3.3"), Detail = "from 127.0.3.2",
        };

        var recorded = GatewayEventTimeline.From(gatewayEvent, TimeSpan.FromSeconds(5), null);

        Assert.That(recorded, Is.EqualTo(new WanAddressChanged(TimeSpan.FromSeconds(5), "gw1", IPAddress.Parse("127.0.3.3"), "from 127.0.3.2")));
    }

    [TestCase(GatewayEventKind.MappingRenewed)]
    [TestCase(GatewayEventKind.SoapFaultServed)]
    public void From_FrequentKind_StaysOutOfTheTimeline(GatewayEventKind kind)
    {
        var gatewayEvent = new GatewayEvent { Timestamp = Now, Gateway = "gw1", Kind = kind, Mapping = TimelineSamples.Mapping() };

        Assert.That(GatewayEventTimeline.From(gatewayEvent, TimeSpan.FromSeconds(5), "nas"), Is.Null);
    }

    [Test]
    public void From_EveryOtherKind_HasATimelineEvent()
    {
        var kept = Enum.GetValues<GatewayEventKind>().Except([GatewayEventKind.MappingRenewed, GatewayEventKind.SoapFaultServed]);

        var missing = kept.Where(kind => GatewayEventTimeline.From(
            new GatewayEvent { Timestamp = Now, Gateway = "gw1", Kind = kind, Mapping = TimelineSamples.Mapping(), Reason = RemovalReason.Deleted },
            TimeSpan.Zero,
            null) is null);

        Assert.That(missing, Is.Empty);
    }
}
