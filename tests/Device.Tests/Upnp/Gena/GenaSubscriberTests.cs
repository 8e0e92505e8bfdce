using System.Collections.Concurrent;
using IgdLab.Device.Upnp.Gena;
using IgdLab.Igd;
using IgdLab.TestUtilities;
using Microsoft.Extensions.Time.Testing;

namespace IgdLab.Device.Tests.Upnp.Gena;

[Category("Loopback")]
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class GenaSubscriberTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly ConcurrentQueue<GenaEvent> _events = new();
    private VirtualGateway _gateway = null!;
    private GenaSubscriber _subscriber = null!;

    [SetUp]
    public async Task StartAsync()
    {
        _gateway = await TestGateways.StartAsync(_time);
        _subscriber = new GenaSubscriber(LoopbackAddresses.Next(), _time);
        _subscriber.EventReceived += _events.Enqueue;
    }

    [TearDown]
    public async Task StopAsync()
    {
        await _subscriber.DisposeAsync();
        await _gateway.DisposeAsync();
    }

    [Test]
    public async Task Subscribe_ReceivesInitialEventWithExternalAddress()
    {
        var addresses = new ConcurrentQueue<string>();
        _subscriber.ExternalAddressChanged += addresses.Enqueue;

        var subscription = await _subscriber.SubscribeAsync(_gateway.EventUrl, TimeSpan.FromSeconds(1800));

        Assert.That(subscription.Granted, Is.EqualTo(TimeSpan.FromSeconds(1800)));
        await Eventually.HoldsAsync(() => !_events.IsEmpty, "the initial event arrived");
        Assert.That(_events.Single().Sequence, Is.Zero);
        Assert.That(addresses, Is.EqualTo(new[] { _gateway.WanAddress.ToString() }));
    }

    [Test]
    public async Task WanChange_SurfacesDisconnectThenNewAddress()
    {
        var statuses = new ConcurrentQueue<string>();
        var addresses = new ConcurrentQueue<string>();
        _subscriber.ConnectionStatusChanged += statuses.Enqueue;
        _subscriber.ExternalAddressChanged += addresses.Enqueue;
        await _subscriber.SubscribeAsync(_gateway.EventUrl, TimeSpan.FromSeconds(1800));
        await Eventually.HoldsAsync(() => _events.Count == 1, "the initial event arrived");

        await _gateway.ApplyFaultAsync(new IgdLab.Igd.Faults.ChangeWanIp());

        var newAddress = _gateway.WanAddress;

        await Eventually.HoldsAsync(() => _events.Count == 3, "two change events arrived");
        Assert.That(statuses, Is.EqualTo(new[] { "Connected", "Disconnected", "Connected" }));
        Assert.That(addresses.Last(), Is.EqualTo(newAddress.ToString()));
    }

    [Test]
    public async Task Renewal_AtHalfTheTimeout_KeepsTheSubscriptionAlive()
    {
        await _subscriber.SubscribeAsync(_gateway.EventUrl, TimeSpan.FromSeconds(1800));
        await Eventually.HoldsAsync(() => _events.Count == 1, "the initial event arrived");

        _time.Advance(TimeSpan.FromSeconds(900));
        await Eventually.HoldsAsync(() => _subscriber.Subscriptions.Single().ExpiresAt > _time.GetUtcNow().AddSeconds(1700), "the subscription was renewed");
        _time.Advance(TimeSpan.FromSeconds(1000));

        Assert.That(_gateway.EventSubscriptions, Is.EqualTo(1), "without the renewal the router would have expired it at 1800 s");
        await _gateway.ApplyFaultAsync(new IgdLab.Igd.Faults.ChangeWanIp());
        await Eventually.HoldsAsync(() => _events.Count == 3, "change events still arrive");
    }

    [Test]
    public async Task Renewal_AfterRouterReboot_SubscribesAfresh()
    {
        var first = await _subscriber.SubscribeAsync(_gateway.EventUrl, TimeSpan.FromSeconds(1800));
        await Eventually.HoldsAsync(() => _events.Count == 1, "the initial event arrived");
        await _gateway.ApplyFaultAsync(new IgdLab.Igd.Faults.Reboot());
        Assert.That(_gateway.EventSubscriptions, Is.Zero, "a reboot forgets subscriptions");

        _time.Advance(TimeSpan.FromSeconds(900));

        await Eventually.HoldsAsync(() => _events.Count == 2, "a new initial event arrived");
        var renewed = _subscriber.Subscriptions.Single();
        Assert.That(renewed.Sid, Is.Not.EqualTo(first.Sid));
        Assert.That(_events.Last().Sequence, Is.Zero);
        Assert.That(_gateway.EventSubscriptions, Is.EqualTo(1));
    }

    [Test]
    public async Task Unsubscribe_EndsTheSubscriptionAtTheRouter()
    {
        var subscription = await _subscriber.SubscribeAsync(_gateway.EventUrl, TimeSpan.FromSeconds(1800));
        await _subscriber.UnsubscribeAsync(subscription.Sid);
        Assert.That(_gateway.EventSubscriptions, Is.Zero);
        Assert.That(_subscriber.Subscriptions, Is.Empty);
    }

    [Test]
    public void Subscribe_RouterRefuses_ThrowsGenaExceptionWithStatus()
    {
        var wrongPath = new Uri(_gateway.EventUrl, "/evt/Nothing");
        var error = Assert.ThrowsAsync<GenaException>(() => _subscriber.SubscribeAsync(wrongPath, TimeSpan.FromSeconds(60)));
        Assert.That(error!.Message, Does.Contain("404"));
    }
}
