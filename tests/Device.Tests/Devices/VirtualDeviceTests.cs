using System.Collections.Concurrent;
using IgdLab.Contracts;
using IgdLab.Device.Devices;
using IgdLab.Device.Upnp.Soap;
using IgdLab.Igd;
using IgdLab.Igd.Mapping;
using IgdLab.TestUtilities;
using Microsoft.Extensions.Time.Testing;

namespace IgdLab.Device.Tests.Devices;

[Category("Loopback")]
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class VirtualDeviceTests
{
    private static readonly byte[] Key = [.. Enumerable.Range(1, 32).Select(i => (byte)i)];
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly ConcurrentQueue<MappingResult> _reports = new();
    private VirtualGateway _gateway = null!;

    internal static UpnpClientOptions FastClient => new()
    {
        RetryDelay = TimeSpan.FromMilliseconds(5),
        MaxRetryDelay = TimeSpan.FromMilliseconds(20),
    };

    private string ServiceType => _gateway.Profile.IgdVersion >= 2 ? UpnpUrns.WanIpConnection2 : UpnpUrns.WanIpConnection1;

    [SetUp]
    public async Task StartAsync() => _gateway = await TestGateways.StartAsync(_time);

    [TearDown]
    public async Task StopAsync() => await _gateway.DisposeAsync();

    [Test]
    public async Task Device_Maps_AndOutsideProbeThroughTheWanAddressSucceeds()
    {
        await using var device = Create("nas-1", MappingStrategyKinds.Watchdog);
        Assert.That(await device.StartAsync(_gateway.ControlUrl, ServiceType), Is.True);

        var mapping = device.CurrentMapping!;
        Assert.That(mapping.ExternalAddress, Is.EqualTo(_gateway.WanAddress));
        Assert.That(_reports, Has.Count.EqualTo(1));
        var probe = await IdentityProbe.ProbeTcpAsync(mapping.ExternalEndPoint!, "nas-1", Key, TimeSpan.FromSeconds(5), TimeProvider.System, LoopbackAddresses.Next());
        Assert.That(probe.Outcome, Is.EqualTo(ProbeOutcome.Ok), probe.Detail);
    }

    [Test]
    public async Task StartFromTheDescriptionUrl_MapsAndFollowsEvents()
    {
        await using var device = Create("nas-2", MappingStrategyKinds.Watchdog | MappingStrategyKinds.Events);
        Assert.That(await device.StartAsync(_gateway.DescriptionUrl), Is.True);
        Assert.That(await Probe(device.CurrentMapping!), Is.EqualTo(ProbeOutcome.Ok));

        await _gateway.ApplyFaultAsync(new IgdLab.Igd.Faults.ChangeWanIp());

        var newAddress = _gateway.WanAddress;
        await Eventually.HoldsAsync(() => device.CurrentMapping?.ExternalAddress?.Equals(newAddress) == true, "the device remapped on the new address");
    }

    [Test]
    public async Task Renew_RestoresADroppedMapping_AtTheNextRenewal()
    {
        await using var device = Create("pc-2", MappingStrategyKinds.Renew);
        await device.StartAsync(_gateway.ControlUrl, ServiceType);
        Assert.That(device.CurrentMapping!.LeaseSeconds, Is.EqualTo(60));
        await _gateway.ApplyFaultAsync(new IgdLab.Igd.Faults.DropAllMappings());

        _time.Advance(TimeSpan.FromSeconds(20));
        await Eventually.HoldsAsync(() => _reports.Count == 2, "the renewal re-added the mapping");
        Assert.That(await Probe(device.CurrentMapping!), Is.EqualTo(ProbeOutcome.Ok));
    }

    [Test]
    public async Task Poll_RestoresADroppedMapping_AfterThePollInterval()
    {
        await using var device = Create("cam-1", MappingStrategyKinds.Poll);
        await device.StartAsync(_gateway.ControlUrl, ServiceType);
        var mapping = device.CurrentMapping!;
        Assert.That((await _gateway.ApplyFaultAsync(new IgdLab.Igd.Faults.DropMapping { Port = mapping.ExternalPort, Protocol = MappingProtocol.Tcp })).Applied, Is.True);
        Assert.That(await Probe(mapping), Is.Not.EqualTo(ProbeOutcome.Ok));

        _time.Advance(TimeSpan.FromSeconds(60));
        await Eventually.HoldsAsync(() => _reports.Count == 2, "the poll re-added the mapping");
        Assert.That(await Probe(device.CurrentMapping!), Is.EqualTo(ProbeOutcome.Ok));
    }

    [Test]
    public async Task Events_RestoreAfterWanAddressChange()
    {
        await using var device = Create("stb-1", MappingStrategyKinds.Events);
        await device.StartAsync(_gateway.ControlUrl, ServiceType, _gateway.EventUrl);

        await _gateway.ApplyFaultAsync(new IgdLab.Igd.Faults.ChangeWanIp());

        var newAddress = _gateway.WanAddress;
        await Eventually.HoldsAsync(() => device.CurrentMapping?.ExternalAddress?.Equals(newAddress) == true, "the device remapped on the new address");
        Assert.That(await Probe(device.CurrentMapping!), Is.EqualTo(ProbeOutcome.Ok));
    }

    [Test]
    public async Task Watchdog_RemapsAZombie_OnInstruction()
    {
        await using var device = Create("pc-1", MappingStrategyKinds.Watchdog | MappingStrategyKinds.Events);
        await device.StartAsync(_gateway.ControlUrl, ServiceType, _gateway.EventUrl);
        var mapping = device.CurrentMapping!;
        Assert.That((await _gateway.ApplyFaultAsync(new IgdLab.Igd.Faults.ZombieMapping { Port = mapping.ExternalPort, Protocol = MappingProtocol.Tcp })).Applied, Is.True);
        Assert.That(await Probe(mapping), Is.Not.EqualTo(ProbeOutcome.Ok));

        var answer = await device.OnRemapInstructionAsync();
        Assert.That(answer, Is.SameAs(device.CurrentMapping));
        Assert.That(await Probe(answer), Is.EqualTo(ProbeOutcome.Ok));
    }

    [Test]
    public async Task OnRemapInstructionAsync_Remaps_ReturnsTheMappingReported()
    {
        await using var device = Create("nas-5", MappingStrategyKinds.Watchdog);
        await device.StartAsync(_gateway.ControlUrl, ServiceType);
        var before = device.CurrentMapping!;

        var answer = await device.OnRemapInstructionAsync();

        Assert.That(_reports, Has.Count.EqualTo(2));
        Assert.That(answer, Is.SameAs(_reports.Last()));
        Assert.That(answer, Is.Not.SameAs(before));
        Assert.That(_gateway.Mappings.Single().ExternalPort, Is.EqualTo(answer.ExternalPort));
    }

    [Test]
    public async Task OnRemapInstructionAsync_ThrowingMappingChangedObserver_StillReturnsTheNewMapping()
    {
        await using var device = new VirtualDevice(
            new VirtualDeviceOptions { Id = "nas-6", Key = Key, Address = LoopbackAddresses.Next(), Strategies = MappingStrategyKinds.Watchdog, Client = FastClient },
            _time,
            TimeProvider.System);
        var failures = new ConcurrentQueue<Exception>();
        device.MappingChanged += _ => throw new InvalidOperationException("observer bug");
        device.MappingChanged += _reports.Enqueue;
        device.MappingFailed += failures.Enqueue;
        await device.StartAsync(_gateway.ControlUrl, ServiceType);

        var answer = await device.OnRemapInstructionAsync();

        Assert.That(_reports.Last(), Is.SameAs(answer), "the observers after the throwing one heard of it");
        Assert.That(device.CurrentMapping, Is.SameAs(answer));
        Assert.That(failures, Is.Empty);
    }

    [Test]
    public async Task Watchdog_RouterRebootedOntoANewHttpPort_RediscoversItAndRemapsOnInstruction()
    {
        await using var device = Create("nas-3", MappingStrategyKinds.Watchdog);
        Assert.That(await device.StartAsync(Locator(device)), Is.True);
        var oldControlUrl = _gateway.ControlUrl;

        await _gateway.ApplyFaultAsync(new IgdLab.Igd.Faults.Reboot { NewHttpPort = true });
        Assert.That(_gateway.ControlUrl, Is.Not.EqualTo(oldControlUrl));
        Assert.That(_gateway.Mappings, Is.Empty);

        await device.OnRemapInstructionAsync();

        Assert.That(_gateway.Mappings, Has.Count.EqualTo(1));
        Assert.That(await Probe(device.CurrentMapping!), Is.EqualTo(ProbeOutcome.Ok));
    }

    [Test]
    public async Task Watchdog_UpnpSwitchedOffAndOn_RestoresAsSoonAsTheRouterAnswers_WithoutAnotherInstruction()
    {
        await using var device = Create("nas-5", MappingStrategyKinds.Watchdog);
        var locator = SsdpGatewayLocator.Unicast(_gateway.SsdpEndPoint, device.Options.Address, TimeSpan.FromMilliseconds(300), TimeProvider.System);
        Assert.That(await device.StartAsync(locator), Is.True);
        await _gateway.ApplyFaultAsync(new IgdLab.Igd.Faults.DisableUpnp());
        await _gateway.ApplyFaultAsync(new IgdLab.Igd.Faults.DropAllMappings());
        Assert.ThrowsAsync<UpnpTransportException>(async () => await device.OnRemapInstructionAsync(), "the router is off");

        await _gateway.ApplyFaultAsync(new IgdLab.Igd.Faults.EnableUpnp());
        var watchdog = (WatchdogStrategy)device.Strategy!;
        var ticks = 0;
        while (_gateway.Mappings.Count == 0 && ticks++ < 500)
        {
            _time.Advance(TimeSpan.FromMilliseconds(10));
            await Task.Delay(TimeSpan.FromMilliseconds(5), TimeProvider.System);
        }

        Assert.That(_gateway.Mappings, Has.Count.EqualTo(1), "the device mapped again by itself");
        Assert.That(ticks, Is.LessThanOrEqualTo(11), "within one 100 ms interval of the router's return");
        Assert.That(watchdog.Instructions, Is.EqualTo(1));
        await Eventually.HoldsAsync(() => _reports.Count == 2, "the restored mapping reported");
        Assert.That(await Probe(device.CurrentMapping!), Is.EqualTo(ProbeOutcome.Ok));
    }

    [Test]
    public async Task Watchdog_ActionFailedOnTheInstructedRemap_FailsAtOnce_AndTheWatchRetriesIt()
    {
        // The client does not retry 501 for a device that watches: the watch's next tick is the retry.
        await using var device = Create("nas-6", MappingStrategyKinds.Watchdog);
        await device.StartAsync(_gateway.ControlUrl, ServiceType);
        await _gateway.ApplyFaultAsync(new IgdLab.Igd.Faults.DropAllMappings());
        await _gateway.ApplyFaultAsync(new IgdLab.Igd.Faults.SoapError { SoapAction = "AddPortMapping", Code = 501, Count = 1 });

        var thrown = Assert.ThrowsAsync<UpnpErrorException>(async () => await device.OnRemapInstructionAsync());
        Assert.That(thrown!.Code, Is.EqualTo(501));
        Assert.That(_gateway.Mappings, Is.Empty);

        for (var i = 0; i < 50 && _gateway.Mappings.Count == 0; i++)
        {
            _time.Advance(TimeSpan.FromMilliseconds(10));
            await Task.Delay(TimeSpan.FromMilliseconds(5), TimeProvider.System);
        }

        Assert.That(_gateway.Mappings, Has.Count.EqualTo(1), "the watch's retry mapped once the burst was over");
    }

    [Test]
    public async Task Watchdog_WithoutALocator_CannotFollowARouterThatMovedItsPort()
    {
        await using var device = Create("nas-4", MappingStrategyKinds.Watchdog);
        var failures = new ConcurrentQueue<Exception>();
        device.MappingFailed += failures.Enqueue;
        await device.StartAsync(_gateway.ControlUrl, ServiceType);

        await _gateway.ApplyFaultAsync(new IgdLab.Igd.Faults.Reboot { NewHttpPort = true });
        var thrown = Assert.ThrowsAsync<UpnpTransportException>(async () => await device.OnRemapInstructionAsync());

        Assert.That(_gateway.Mappings, Is.Empty);
        Assert.That(failures.Single(), Is.SameAs(thrown), "the failure is thrown and reported");
    }

    [Test]
    public async Task Events_RouterRebootedOntoANewHttpPort_NoticedByTheSsdpCheck_Remaps()
    {
        await using var device = Create("stb-2", MappingStrategyKinds.Events);
        Assert.That(await device.StartAsync(Locator(device)), Is.True);

        await _gateway.ApplyFaultAsync(new IgdLab.Igd.Faults.Reboot { NewHttpPort = true });
        Assert.That(_gateway.Mappings, Is.Empty);
        _time.Advance(device.Options.Events.SsdpCheckInterval!.Value);

        await Eventually.HoldsAsync(() => _gateway.Mappings.Count == 1 && _reports.Count == 2, "the SSDP check saw the new BOOTID and the device remapped");
        Assert.That(await Probe(device.CurrentMapping!), Is.EqualTo(ProbeOutcome.Ok));
    }

    [Test]
    public async Task Dispose_RemovesTheMapping()
    {
        var device = Create("console-1", MappingStrategyKinds.Renew);
        await device.StartAsync(_gateway.ControlUrl, ServiceType);
        Assert.That(_gateway.Mappings, Has.Count.EqualTo(1));

        await device.DisposeAsync();

        Assert.That(_gateway.Mappings, Is.Empty);
    }

    [Test]
    public async Task Dispose_AfterAbandoningItsMappings_LeavesThemOnTheRouter()
    {
        var device = Create("console-1", MappingStrategyKinds.Renew);
        await device.StartAsync(_gateway.ControlUrl, ServiceType);
        var soapBefore = _gateway.ControlRequests;

        await device.AbandonMappingsAsync();
        await device.DisposeAsync();

        Assert.That(_gateway.Mappings, Has.Count.EqualTo(1), "switched off, as when it loses power");
        Assert.That(_gateway.ControlRequests, Is.EqualTo(soapBefore), "nothing was sent to the router");
    }

    [Test]
    public async Task Watchdog_AfterAFlush_RemapsOntoItsPublishedPort_NotTheOneItFirstWanted()
    {
        // Both want 20554; the second got another port. After the router loses both mappings the second remaps first:
        // it must ask for the port it published, or it takes the first device's port and answers in its place.
        await using var first = Create("cam-1", MappingStrategyKinds.Watchdog, externalPort: 20554);
        await using var second = Create("cam-2", MappingStrategyKinds.Watchdog, externalPort: 20554);
        await first.StartAsync(_gateway.ControlUrl, ServiceType);
        await second.StartAsync(_gateway.ControlUrl, ServiceType);
        var published = second.CurrentMapping!.ExternalPort;
        Assert.That(first.CurrentMapping!.ExternalPort, Is.EqualTo(20554));
        Assert.That(published, Is.Not.EqualTo(20554));

        await _gateway.ApplyFaultAsync(new IgdLab.Igd.Faults.DropAllMappings());
        await second.OnRemapInstructionAsync();
        await first.OnRemapInstructionAsync();

        Assert.That(second.CurrentMapping!.ExternalPort, Is.EqualTo(published));
        Assert.That(first.CurrentMapping!.ExternalPort, Is.EqualTo(20554));
        Assert.That(await Probe(first.CurrentMapping!), Is.EqualTo(ProbeOutcome.Ok));
        Assert.That(await Probe(second.CurrentMapping!), Is.EqualTo(ProbeOutcome.Ok));
    }

    private VirtualDevice Create(string id, MappingStrategyKinds kinds, int? externalPort = null)
    {
        var device = new VirtualDevice(
            new VirtualDeviceOptions { Id = id, Key = Key, Address = LoopbackAddresses.Next(), Strategies = kinds, Client = FastClient, ExternalPort = externalPort },
            _time,
            TimeProvider.System);
        device.MappingChanged += _reports.Enqueue;
        return device;
    }

    private SsdpGatewayLocator Locator(VirtualDevice device) =>
        SsdpGatewayLocator.Unicast(_gateway.SsdpEndPoint, device.Options.Address, TimeSpan.FromSeconds(2), TimeProvider.System);

    private static async Task<ProbeOutcome> Probe(MappingResult mapping) =>
        (await IdentityProbe.ProbeTcpAsync(mapping.ExternalEndPoint!, mapping.Description.Replace("IgdLab ", "", StringComparison.Ordinal), Key, TimeSpan.FromSeconds(2), TimeProvider.System, LoopbackAddresses.Next())).Outcome;
}
