using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using IgdLab.Device.Devices;
using IgdLab.Device.Upnp.Soap;
using IgdLab.Igd;
using IgdLab.TestUtilities;
using Microsoft.Extensions.Time.Testing;

namespace IgdLab.Device.Tests.Devices;

public sealed class DeviceFleetTests
{
    [Test]
    public void SameSeed_GivesTheSameFleet()
    {
        var a = Describe(DeviceFleet.Generate(100, 42, Counter()));
        var b = Describe(DeviceFleet.Generate(100, 42, Counter()));

        Assert.That(b, Is.EqualTo(a));
    }

    [Test]
    public void DifferentSeed_GivesAnotherFleet()
    {
        var a = Describe(DeviceFleet.Generate(100, 42, Counter()));
        var b = Describe(DeviceFleet.Generate(100, 43, Counter()));

        Assert.That(b, Is.Not.EqualTo(a));
    }

    [Test]
    public void HundredDevices_HaveUniqueIdsAndAddresses_AndAPlausibleMix()
    {
        var fleet = DeviceFleet.Generate(100, 7, Counter());

        Assert.That(fleet, Has.Count.EqualTo(100));
        Assert.That(fleet.Select(d => d.Id), Is.Unique);
        Assert.That(fleet.Select(d => d.Address), Is.Unique);
        Assert.That(fleet.Select(d => d.Kind).Distinct().Count(), Is.EqualTo(5));
        Assert.That(fleet.Select(d => d.Strategies).Distinct().Count(), Is.GreaterThan(3));
        Assert.That(fleet, Has.All.Matches<VirtualDeviceOptions>(d => d.Key.Length == 32 && d.Mac!.Length == 17 && d.ServicePort == 0 && d.ExternalPort > 0));
        Assert.That(fleet.Where(d => d.Kind == DeviceKind.GameConsole && d.ExternalPort == 3074), Has.All.Matches<VirtualDeviceOptions>(d => d.Protocol == MappingProtocol.Udp));
        Assert.That(fleet.Where(d => d.Kind == DeviceKind.IpCamera).Select(d => d.ExternalPort), Has.Some.EqualTo(554));
    }

    [Test]
    [Category("Loopback")]
    public async Task HundredDevices_MapAtOnce_AgainstOneGateway()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        await using var gateway = await TestGateways.StartAsync(time);
        var serviceType = gateway.Profile.IgdVersion >= 2 ? UpnpUrns.WanIpConnection2 : UpnpUrns.WanIpConnection1;
        var fleet = DeviceFleet.Generate(100, 11, LoopbackAddresses.Next);
        var devices = fleet.Select(o => new VirtualDevice(o with { Client = VirtualDeviceTests.FastClient }, time, TimeProvider.System)).ToList();
        var failures = new ConcurrentQueue<Exception>();
        foreach (var device in devices)
        {
            device.MappingFailed += failures.Enqueue;
        }

        try
        {
            var watch = Stopwatch.StartNew();
            var mapped = await Task.WhenAll(devices.Select(d => d.StartAsync(gateway.ControlUrl, serviceType, gateway.EventUrl)));
            watch.Stop();

            Assert.That(failures, Is.Empty, () => string.Join("\n", failures.Select(f => f.Message)));
            Assert.That(mapped, Has.All.True);
            Assert.That(devices.Select(d => (d.CurrentMapping!.ExternalPort, d.CurrentMapping.Protocol)), Is.Unique);
            Assert.That(gateway.Mappings, Has.Count.EqualTo(100));
            TestContext.Out.WriteLine($"100 devices mapped in {watch.Elapsed.TotalMilliseconds:F0} ms: {100 / watch.Elapsed.TotalSeconds:F0} mappings/s");
        }
        finally
        {
            await Task.WhenAll(devices.Select(d => d.DisposeAsync().AsTask()));
        }

        Assert.That(gateway.Mappings, Is.Empty, "every device deleted its mapping");
    }

    private static Func<IPAddress> Counter()
    {
        var next = 0;
        return () => new IPAddress([127, 50, 0, (byte)++next]);
    }

    private static List<string> Describe(IEnumerable<VirtualDeviceOptions> fleet) =>
        [.. fleet.Select(d => $"{d.Id}|{d.Name}|{d.Kind}|{d.Mac}|{d.Address}|{d.ServicePort}|{d.ExternalPort}|{d.Protocol}|{d.Strategies}|{Convert.ToHexString(d.Key.Span)}")];
}
