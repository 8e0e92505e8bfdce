using IgdLab.Emulator.Reports;
using IgdLab.Emulator.Running;
using IgdLab.Emulator.Tests.Reports;
using IgdLab.Emulator.Timeline;
using IgdLab.Igd.Events;
using IgdLab.Igd.Faults;

namespace IgdLab.Emulator.Tests.Running;

public sealed class GatewayTimelinesTests
{
    [Test]
    public void From_RebootAndUpnpOff_AreDowntimesFromStartToReturn()
    {
        var gateway = GatewayTimelines.From(
            ["gw1"],
            [
                new RebootStarted(S(15), "gw1", "downtime 5000 ms"),
                new RebootCompleted(S(20), "gw1", null, "boot 2"),
                new UpnpDisabled(S(30), "gw1"),
                new UpnpEnabled(S(40), "gw1"),
            ]).Single();

        Assert.That(gateway.Gateway, Is.EqualTo("gw1"));
        Assert.That(gateway.Downtimes, Is.EqualTo(new[]
        {
            new GatewayDowntime(S(15), S(20), "reboot"),
            new GatewayDowntime(S(30), S(40), "disable-upnp"),
        }));
    }

    [Test]
    public void From_RebootThatNeverCompleted_IsAnOpenDowntime()
    {
        var gateway = GatewayTimelines.From(["gw1"], [new RebootStarted(S(55), "gw1", "downtime 30000 ms")]).Single();

        Assert.That(gateway.Downtimes, Is.EqualTo(new[] { new GatewayDowntime(S(55), null, "reboot") }));
    }

    [Test]
    public void From_FaultWithFor_LastsUntilItIsCleared()
    {
        var burst = TimelineSamples.Fault(new SoapError { Code = 501 }) with { For = TimeSpan.FromSeconds(10) };
        var gateway = GatewayTimelines.From(
            ["gw1"],
            [
                new FaultInjected(S(5), "gw1", TimelineSamples.Planned(burst), []),
                new FaultCleared(S(15), "gw1", burst, TimeSpan.FromSeconds(10)),
            ]).Single();

        Assert.That(gateway.Downtimes, Is.EqualTo(new[] { new GatewayDowntime(S(5), S(15), "soap-error") }));
    }

    [Test]
    public void From_PartitionWithoutFor_LastsUntilHealPartition_OrStaysOpen()
    {
        var partition = TimelineSamples.Fault(new Partition());
        var heal = TimelineSamples.Fault(new HealPartition());
        var gateway = GatewayTimelines.From(
            ["gw1"],
            [
                new FaultInjected(S(5), "gw1", TimelineSamples.Planned(partition), ["nas"]),
                new FaultInjected(S(15), "gw1", TimelineSamples.Planned(heal), []),
                new FaultInjected(S(25), "gw1", TimelineSamples.Planned(partition), ["nas"]),
            ]).Single();

        Assert.That(gateway.Downtimes, Is.EqualTo(new[] { new GatewayDowntime(S(5), S(15), "partition"), new GatewayDowntime(S(25), null, "partition") }));
    }

    [Test]
    public void From_TableChanges_CountOnlyDeviceMappings_AndEachGatewayKeepsItsOwn()
    {
        var mapping = TimelineSamples.Mapping();
        var gateways = GatewayTimelines.From(
            ["gw1", "gw2"],
            [
                new MappingRemoved(S(10), "gw1", "nas", mapping, RemovalReason.Dropped),
                new MappingRemoved(S(11), "gw1", null, mapping, RemovalReason.IdleCleanup),
                new MappingAdded(S(12), "gw1", "nas", mapping),
                new WanAddressChanged(S(13), "gw2", null, "was 127.0.3.2"),
            ]);

        Assert.That(gateways[0].MappingsRemoved, Is.EqualTo(new[] { S(10) }));
        Assert.That(gateways[0].MappingsAdded, Is.EqualTo(new[] { S(12) }));
        Assert.That(gateways[0].WanChanges, Is.Empty);
        Assert.That(gateways[1].WanChanges, Is.EqualTo(new[] { S(13) }));
        Assert.That(gateways[1].MappingsRemoved, Is.Empty);
    }

    private static TimeSpan S(double seconds) => TimeSpan.FromSeconds(seconds);
}
