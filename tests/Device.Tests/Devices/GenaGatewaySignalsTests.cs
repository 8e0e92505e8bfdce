using IgdLab.Device.Devices;
using IgdLab.TestUtilities;
using Microsoft.Extensions.Time.Testing;

namespace IgdLab.Device.Tests.Devices;

[Category("Loopback")]
public sealed class GenaGatewaySignalsTests
{
    [Test]
    public async Task SubscriptionLostWhileRouterDown_IsReestablishedOnceItIsBack()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        await using var gateway = await TestGateways.StartAsync(time);
        await using var signals = new GenaGatewaySignals(LoopbackAddresses.Next(), time);
        await signals.SubscribeAsync(gateway.EventUrl, TimeSpan.FromSeconds(1800));
        Assert.That(gateway.EventSubscriptions, Is.EqualTo(1));

        // The router's UPnP side goes away: it forgets the subscription and refuses the renewal and the new SUBSCRIBE.
        await gateway.ApplyFaultAsync(new IgdLab.Igd.Faults.DisableUpnp());
        await gateway.ApplyFaultAsync(new IgdLab.Igd.Faults.Reboot());
        time.Advance(TimeSpan.FromSeconds(900));
        await Eventually.HoldsAsync(
            () => signals.ActiveSubscriptions == 0 && signals.PendingResubscriptions == 1, "the subscriber gave the subscription up and set a retry timer");

        await gateway.ApplyFaultAsync(new IgdLab.Igd.Faults.EnableUpnp());
        time.Advance(GenaGatewaySignals.ResubscribeInterval);

        await Eventually.HoldsAsync(() => gateway.EventSubscriptions == 1 && signals.ActiveSubscriptions == 1, "the subscription was re-established");
    }
}
