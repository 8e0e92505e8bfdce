using System.Net;
using IgdLab.Contracts;
using IgdLab.Contracts.Control;
using IgdLab.Device.Devices;
using IgdLab.Device.Probe;
using IgdLab.Device.Tests.Devices;
using IgdLab.Device.Upnp.Soap;
using IgdLab.Igd;
using IgdLab.Igd.Mapping;
using IgdLab.TestUtilities;
using Microsoft.Extensions.Time.Testing;

namespace IgdLab.Device.Tests.Probe;

/// <summary>A real virtual device, a real in-process virtual router and the test control server, on loopback.</summary>
[Category("Loopback")]
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class ProbeUnitBindingTests
{
    private static readonly byte[] Key = [.. Enumerable.Range(40, 32).Select(i => (byte)i)];
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
    public async Task Start_ReportsTheDevicesMappingFromTheDevicesAddress()
    {
        await using var device = await StartDeviceAsync("nas-1", MappingStrategyKinds.Watchdog);
        await using var binding = Bind(device);
        binding.Start();

        var report = await _server.WaitForAsync<ReportMessage>();
        Assert.That(report.Mapping, Is.EqualTo(MappingReports.ToReport(device.CurrentMapping!)));
        Assert.That(report.Mapping.ExternalAddress, Is.EqualTo(_gateway.WanAddress.ToString()));
        Assert.That(_server.Connections.Single().RemoteAddress, Is.EqualTo(device.Options.Address));
    }

    [Test]
    public async Task Instruction_AfterTheRouterDroppedTheMapping_RemapsReportsAndTheDeviceIsReachableAgain()
    {
        await using var device = await StartDeviceAsync("nas-2", MappingStrategyKinds.Watchdog);
        await using var binding = Bind(device);
        binding.Start();
        var first = await _server.WaitForAsync<ReportMessage>();
        Assert.That((await _gateway.ApplyFaultAsync(new IgdLab.Igd.Faults.DropMapping { Port = first.Mapping.ExternalPort, Protocol = MappingProtocol.Tcp })).Applied, Is.True);
        Assert.That(await ProbeAsync("nas-2", first.Mapping), Is.EqualTo(ProbeOutcome.Refused));

        await _server.ConnectionOf("nas-2")!.SendAsync(new RemapInstruction("i-1", "refused"));

        var answer = await _server.WaitForAsync<ReportMessage>(r => r.InstructionId == "i-1");
        Assert.That(answer.Mapping, Is.EqualTo(MappingReports.ToReport(device.CurrentMapping!)), "the answer is the mapping the device reported");
        Assert.That(await ProbeAsync("nas-2", answer.Mapping), Is.EqualTo(ProbeOutcome.Ok));
        Assert.That(_server.Received.OfType<ReportMessage>().Count(), Is.EqualTo(2), "the remap's result was reported once, as the answer");
        Assert.That(((WatchdogStrategy)device.Strategy!).Instructions, Is.EqualTo(1));
    }

    [Test]
    public async Task Instruction_ThrowingMappingChangedObserver_StillAnswersWithTheNewMapping()
    {
        // The observer comes before the binding's own handler: when the answer was read back from the event, the
        // throwing observer kept it from the binding and the instruction was answered with a failure.
        await using var device = await StartDeviceAsync("nas-6", MappingStrategyKinds.Watchdog);
        device.MappingChanged += _ => throw new InvalidOperationException("observer bug");
        await using var binding = Bind(device);
        binding.Start();
        await _server.WaitForAsync<ReportMessage>();

        await _server.ConnectionOf("nas-6")!.SendAsync(new RemapInstruction("i-6", "refused"));

        var answer = await _server.WaitForAsync<ReportMessage>(r => r.InstructionId == "i-6");
        Assert.That(answer.Mapping, Is.EqualTo(MappingReports.ToReport(device.CurrentMapping!)));
        Assert.That(_server.Received.OfType<RemapFailed>(), Is.Empty);
    }

    [Test]
    public async Task Instruction_RouterRefusesTheRemap_AnswersRemapFailedWithTheUpnpError()
    {
        await using var device = await StartDeviceAsync("nas-3", MappingStrategyKinds.Watchdog);
        await using var binding = Bind(device);
        binding.Start();
        await _server.WaitForAsync<ReportMessage>();
        await _gateway.ApplyFaultAsync(new IgdLab.Igd.Faults.SoapError { SoapAction = "AddPortMapping", Code = 501, Count = 100 });

        await _server.ConnectionOf("nas-3")!.SendAsync(new RemapInstruction("i-2", "refused"));

        var failed = await _server.WaitForAsync<RemapFailed>();
        Assert.That(failed.InstructionId, Is.EqualTo("i-2"));
        Assert.That(failed.Error, Does.Contain("UPnP error 501"));
    }

    [Test]
    public async Task WanAddressChange_IsSignalledAndTheEventsStrategysNewMappingReported()
    {
        await using var device = await StartDeviceAsync("stb-1", MappingStrategyKinds.Watchdog | MappingStrategyKinds.Events);
        await using var binding = Bind(device);
        binding.Start();
        await _server.WaitForAsync<ReportMessage>();

        await _gateway.ApplyFaultAsync(new IgdLab.Igd.Faults.ChangeWanIp());

        var newAddress = _gateway.WanAddress;

        var signal = await _server.WaitForAsync<GatewaySignal>(s => s.Kind == GatewaySignalKinds.ExternalAddressChanged);
        Assert.That(signal.Detail, Is.EqualTo(newAddress.ToString()));

        // The router also evented ConnectionStatus Disconnected, then Connected.
        await _server.WaitForAsync<GatewaySignal>(s => s.Kind == GatewaySignalKinds.Reconnected);
        var report = await _server.WaitForAsync<ReportMessage>(r => r.Mapping.ExternalAddress == newAddress.ToString());

        // The events strategy may remap once more for the second signal (delete, then add): probe until it settles.
        await ProbeUntilOkAsync("stb-1", report.Mapping);
    }

    [Test]
    public async Task Constructor_OptionsForAnotherDevice_Throws()
    {
        await using var device = await StartDeviceAsync("nas-4", MappingStrategyKinds.Watchdog);
        var options = ProbeUnitBinding.OptionsFor(device.Options, _server.Url) with { DeviceId = "nas-5" };
        Assert.Throws<ArgumentException>(() => _ = new ProbeUnitBinding(device, options, _time));
    }

    private async Task<VirtualDevice> StartDeviceAsync(string id, MappingStrategyKinds kinds)
    {
        _server.AddDevice(id, Key);
        var device = new VirtualDevice(
            new VirtualDeviceOptions { Id = id, Key = Key, Address = LoopbackAddresses.Next(), Strategies = kinds, Client = VirtualDeviceTests.FastClient },
            _time,
            TimeProvider.System);
        Assert.That(await device.StartAsync(_gateway.ControlUrl, ServiceType, _gateway.EventUrl), Is.True);
        return device;
    }

    private ProbeUnitBinding Bind(VirtualDevice device) =>
        new(device, ProbeUnitBinding.OptionsFor(device.Options, _server.Url) with { ConnectTimeout = TimeSpan.FromHours(1) }, _time);

    private static async Task ProbeUntilOkAsync(string deviceId, MappingReport mapping)
    {
        var deadline = TimeProvider.System.GetTimestamp() + (10 * TimeProvider.System.TimestampFrequency);
        var outcome = await ProbeAsync(deviceId, mapping);
        while (outcome != ProbeOutcome.Ok && TimeProvider.System.GetTimestamp() < deadline)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(20), TimeProvider.System);
            outcome = await ProbeAsync(deviceId, mapping);
        }

        Assert.That(outcome, Is.EqualTo(ProbeOutcome.Ok));
    }

    private static async Task<ProbeOutcome> ProbeAsync(string deviceId, MappingReport mapping)
    {
        var target = new IPEndPoint(IPAddress.Parse(mapping.ExternalAddress), mapping.ExternalPort);
        var result = await IdentityProbe.ProbeTcpAsync(target, deviceId, Key, TimeSpan.FromSeconds(5), TimeProvider.System, LoopbackAddresses.Next());
        return result.Outcome;
    }
}
