using IgdLab.Igd.Events;

namespace IgdLab.Igd.Tests;

public sealed class GatewayEventLogTests
{
    private static GatewayEvent Event(GatewayEventKind kind) => new() { Timestamp = DateTimeOffset.UnixEpoch, Gateway = "gw1", Kind = kind };

    [Test]
    public void Publish_ThrowingSubscriber_IsContainedAndTheOthersHear()
    {
        var log = new GatewayEventLog();
        var heard = new List<GatewayEventKind>();
        log.Published += _ => throw new InvalidOperationException("subscriber bug");
        log.Published += e => heard.Add(e.Kind);

        Assert.DoesNotThrow(() => log.Publish(Event(GatewayEventKind.MappingAdded)));

        Assert.That(heard, Is.EqualTo(new[] { GatewayEventKind.MappingAdded }));
        Assert.That(log.Snapshot().Select(e => e.Kind), Is.EqualTo(new[] { GatewayEventKind.MappingAdded }));
    }
}
