using System.Net;
using IgdLab.Device.Devices;
using IgdLab.Device.Upnp.Discovery;
using IgdLab.TestUtilities;
using Microsoft.Extensions.Time.Testing;

namespace IgdLab.Device.Tests.Devices;

[Category("Loopback")]
public sealed class SsdpGatewayLocatorTests
{
    [Test]
    public async Task LocateAsync_UnicastToTheGateway_ReturnsItsConnectionService()
    {
        await using var gateway = await TestGateways.StartAsync(new FakeTimeProvider());
        var locator = SsdpGatewayLocator.Unicast(gateway.SsdpEndPoint, LoopbackAddresses.Next(), TimeSpan.FromSeconds(2));

        var service = await locator.LocateAsync(CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(service.ControlUrl, Is.EqualTo(gateway.ControlUrl));
            Assert.That(service.EventUrl, Is.EqualTo(gateway.EventUrl));
            Assert.That(service.ServiceType, Does.Contain("WANIPConnection"));
        });
    }

    [Test]
    public void LocateAsync_NobodyAnswers_ThrowsGatewayNotFound()
    {
        using var silent = new System.Net.Sockets.UdpClient(new IPEndPoint(LoopbackAddresses.Next(), 0));
        var locator = SsdpGatewayLocator.Unicast((IPEndPoint)silent.Client.LocalEndPoint!, LoopbackAddresses.Next(), TimeSpan.FromMilliseconds(300));

        Assert.That(async () => await locator.LocateAsync(CancellationToken.None), Throws.TypeOf<GatewayNotFoundException>());
    }

    [Test]
    public async Task CheckAsync_AfterAReboot_RaisesRebootedWithTheNewBootId()
    {
        await using var gateway = await TestGateways.StartAsync(new FakeTimeProvider());
        var locator = SsdpGatewayLocator.Unicast(gateway.SsdpEndPoint, LoopbackAddresses.Next(), TimeSpan.FromSeconds(1));
        var reboots = new List<GatewayReboot>();
        locator.Rebooted += reboots.Add;
        Assert.That(await locator.CheckAsync(CancellationToken.None), Is.True);
        Assert.That(reboots, Is.Empty);

        await gateway.ApplyFaultAsync(new IgdLab.Igd.Faults.Reboot());
        await locator.CheckAsync(CancellationToken.None);

        Assert.That(reboots, Has.Count.EqualTo(1));
        Assert.That(reboots[0].BootIdChanged, Is.True);
        Assert.That(reboots[0].After.BootId, Is.EqualTo(reboots[0].Before.BootId + 1));
    }

    [Test]
    public async Task AnswersAsync_GatewayUp_True_UpnpOff_FalseWithinTheCallersWait()
    {
        await using var gateway = await TestGateways.StartAsync(new FakeTimeProvider());
        var locator = SsdpGatewayLocator.Unicast(gateway.SsdpEndPoint, LoopbackAddresses.Next(), TimeSpan.FromSeconds(5));
        Assert.That(await locator.AnswersAsync(CancellationToken.None), Is.True);

        await gateway.ApplyFaultAsync(new IgdLab.Igd.Faults.DisableUpnp());
        using var wait = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        var started = TimeProvider.System.GetTimestamp();

        Assert.That(async () => await locator.AnswersAsync(wait.Token), Throws.InstanceOf<OperationCanceledException>());
        Assert.That(TimeProvider.System.GetElapsedTime(started), Is.LessThan(TimeSpan.FromSeconds(2)), "the caller's wait, not the locator's 5 s");

        await gateway.ApplyFaultAsync(new IgdLab.Igd.Faults.EnableUpnp());
        Assert.That(await locator.AnswersAsync(CancellationToken.None), Is.True);
    }

    [Test]
    public async Task AnswersAsync_AfterAReboot_RaisesRebooted()
    {
        await using var gateway = await TestGateways.StartAsync(new FakeTimeProvider());
        var locator = SsdpGatewayLocator.Unicast(gateway.SsdpEndPoint, LoopbackAddresses.Next(), TimeSpan.FromSeconds(1));
        var reboots = new List<GatewayReboot>();
        locator.Rebooted += reboots.Add;
        await locator.LocateAsync(CancellationToken.None);

        await gateway.ApplyFaultAsync(new IgdLab.Igd.Faults.Reboot { NewHttpPort = true });

        Assert.That(await locator.AnswersAsync(CancellationToken.None), Is.True);
        Assert.That(reboots.Single().LocationMoved, Is.True);
    }
}
