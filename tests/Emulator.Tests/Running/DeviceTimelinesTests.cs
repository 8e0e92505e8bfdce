using System.Net;
using IgdLab.Contracts.Control;
using IgdLab.Device.Upnp.Soap;
using IgdLab.Emulator.Reports;
using IgdLab.Emulator.Running;
using IgdLab.Emulator.Tests.Reports;
using IgdLab.Emulator.Timeline;

namespace IgdLab.Emulator.Tests.Running;

public sealed class DeviceTimelinesTests
{
    private static readonly IPAddress Wan = IPAddress.Parse("127.0.3.2");
    private static readonly IPAddress NewWan = IPAddress.Parse("127.0.3.3");

    [Test]
    public void RemapsByDevice_ReportAnsweringAnInstruction_MarksTheRemapBeforeItInstructed()
    {
        var remaps = DeviceTimelines.RemapsByDevice(
        [
            new MappingAdded(S(10.668), "gw1", "nas", TimelineSamples.Mapping()),
            Mapped(10.671, "nas", Wan, 20000),
            new MappingReported(S(10.672), "nas", Report(20000, "i-1")),
        ]);

        Assert.That(remaps["nas"], Is.EqualTo(new[] { new DeviceRemap(S(10.671), RemapCause.Instructed) }));
    }

    [Test]
    public void RemapsByDevice_GatewayAddedAnEntryWithoutAnInstruction_IsTheDevicesOwnRemap()
    {
        var remaps = DeviceTimelines.RemapsByDevice(
        [
            new MappingAdded(S(20.01), "gw1", "nas", TimelineSamples.Mapping()),
            Mapped(20.032, "nas", Wan, 20000),
            new MappingReported(S(20.04), "nas", Report(20000, instructionId: null)),
        ]);

        Assert.That(remaps["nas"].Single().Cause, Is.EqualTo(RemapCause.OwnRemap));
    }

    [Test]
    public void RemapsByDevice_UnchangedMappingWithoutAnAdd_IsARenewal_AMovedOneIsAnOwnRemap()
    {
        // A renew strategy re-adds every 20 s; after a WAN change the same renewal publishes the new address.
        var remaps = DeviceTimelines.RemapsByDevice(
        [
            Mapped(20, "tv", Wan, 20001),
            Mapped(40, "tv", Wan, 20001),
            Mapped(60, "tv", NewWan, 20001),
            Mapped(80, "tv", NewWan, 20001),
        ]);

        Assert.That(remaps["tv"].Select(r => r.Cause), Is.EqualTo(new[] { RemapCause.Renewal, RemapCause.Renewal, RemapCause.OwnRemap, RemapCause.Renewal }));
    }

    [Test]
    public void RemapsByDevice_AnAddForAnotherDevice_DoesNotMakeARenewalARemap()
    {
        var remaps = DeviceTimelines.RemapsByDevice(
        [
            Mapped(1, "tv", Wan, 20001),
            new MappingAdded(S(2), "gw1", "nas", TimelineSamples.Mapping()),
            Mapped(3, "tv", Wan, 20001),
        ]);

        Assert.That(remaps["tv"].Select(r => r.Cause), Is.All.EqualTo(RemapCause.Renewal));
        Assert.That(remaps.ContainsKey("nas"), Is.False);
    }

    private static DeviceMapped Mapped(double seconds, string device, IPAddress wan, int port) =>
        new(S(seconds), "gw1", device, new MappingResult
        {
            ExternalAddress = wan,
            ExternalPort = port,
            Protocol = MappingProtocol.Tcp,
            InternalEndPoint = new IPEndPoint(IPAddress.Parse("127.0.3.10"), port),
            LeaseSeconds = 3600,
        });

    private static ReportMessage Report(int port, string? instructionId) =>
        new(1, new MappingReport("127.0.3.2", port, MappingProtocol.Tcp, "127.0.3.10", port, 3600), instructionId);

    private static TimeSpan S(double seconds) => TimeSpan.FromSeconds(seconds);
}
