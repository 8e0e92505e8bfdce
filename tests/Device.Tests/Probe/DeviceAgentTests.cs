using IgdLab.Contracts.Control;
using IgdLab.Device.Devices;
using IgdLab.Device.Probe;
using IgdLab.Device.Tests.Devices;
using IgdLab.Device.Upnp.Soap;
using IgdLab.Igd;
using IgdLab.TestUtilities;
using Microsoft.Extensions.Time.Testing;

namespace IgdLab.Device.Tests.Probe;

/// <summary>The wiring shared by the emulator's world and <c>igdlab device</c>, against a real router and the test control server.</summary>
[Category("Loopback")]
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class DeviceAgentTests
{
    private static readonly byte[] Key = [.. Enumerable.Range(70, 32).Select(i => (byte)i)];
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private VirtualGateway _gateway = null!;
    private ControlTestServer _server = null!;

    private string ServiceType => _gateway.Profile.IgdVersion >= 2 ? UpnpUrns.WanIpConnection2 : UpnpUrns.WanIpConnection1;

    [SetUp]
    public async Task StartAsync()
    {
        _gateway = await TestGateways.StartAsync(_time);
        _server = await ControlTestServer.StartAsync(LoopbackAddresses.Next());
    }

    [TearDown]
    public async Task StopAsync()
    {
        await _server.DisposeAsync();
        await _gateway.DisposeAsync();
    }

    [Test]
    public async Task StartProbeUnit_AfterTheDeviceStarted_ReportsItsMappingFromTheDevicesAddress()
    {
        await using var agent = Create("agent-1");
        agent.ReportTo(ProbeUnitBinding.OptionsFor(agent.Device.Options, _server.Url) with { ConnectTimeout = TimeSpan.FromHours(1) });

        Assert.That(await agent.StartAsync(Locator(agent)), Is.True);
        agent.StartProbeUnit();

        var report = await _server.WaitForAsync<ReportMessage>();
        Assert.That(report.Mapping, Is.EqualTo(MappingReports.ToReport(agent.Device.CurrentMapping!)));
        Assert.That(_server.Connections.Single().RemoteAddress, Is.EqualTo(agent.Device.Options.Address));
    }

    [Test]
    public async Task Dispose_ClosesTheProbeUnitAndDeletesTheMapping()
    {
        var agent = Create("agent-2");
        var unit = agent.ReportTo(ProbeUnitBinding.OptionsFor(agent.Device.Options, _server.Url) with { ConnectTimeout = TimeSpan.FromHours(1) });
        await agent.StartAsync(new GatewayService(_gateway.ControlUrl, ServiceType));
        agent.StartProbeUnit();
        await _server.WaitForAsync<ReportMessage>();

        await agent.DisposeAsync();

        Assert.That(unit.Unit.State, Is.EqualTo(ProbeUnitState.Stopped));
        Assert.That(_gateway.Mappings, Is.Empty);
    }

    [Test]
    public async Task StartProbeUnit_WithoutAUnit_OnlyTheDeviceRuns()
    {
        await using var agent = Create("agent-3");

        Assert.That(await agent.StartAsync(new GatewayService(_gateway.ControlUrl, ServiceType)), Is.True);
        agent.StartProbeUnit();

        Assert.That(agent.ProbeUnit, Is.Null);
        Assert.That(_gateway.Mappings, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task ReportTo_Twice_Throws()
    {
        await using var agent = Create("agent-4");
        var options = ProbeUnitBinding.OptionsFor(agent.Device.Options, _server.Url);
        agent.ReportTo(options);

        Assert.Throws<InvalidOperationException>(() => agent.ReportTo(options));
    }

    private DeviceAgent Create(string id)
    {
        _server.AddDevice(id, Key);
        return new DeviceAgent(
            new VirtualDeviceOptions { Id = id, Key = Key, Address = LoopbackAddresses.Next(), Strategies = MappingStrategyKinds.Watchdog, Client = VirtualDeviceTests.FastClient },
            _time);
    }

    private SsdpGatewayLocator Locator(DeviceAgent agent) =>
        SsdpGatewayLocator.Unicast(_gateway.SsdpEndPoint, agent.Device.Options.Address, TimeSpan.FromSeconds(2), TimeProvider.System);
}
