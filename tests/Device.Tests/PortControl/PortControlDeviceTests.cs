using IgdLab.Contracts;
using IgdLab.Device.Devices;
using IgdLab.Device.PortControl;
using IgdLab.Igd;
using IgdLab.Igd.Faults;
using IgdLab.Igd.Profiles;
using IgdLab.TestUtilities;
using Microsoft.Extensions.Time.Testing;

namespace IgdLab.Device.Tests.PortControl;

/// <summary>Devices that map by NAT-PMP and PCP against the virtual router over real UDP on loopback.</summary>
[Category("Loopback")]
public sealed class PortControlDeviceTests
{
    private static readonly byte[] Key = [.. Enumerable.Range(1, 32).Select(i => (byte)i)];

    // Retransmissions on the system clock, short: these tests wait for real answers, not for time.
    private static readonly PortControlClientOptions Quick = new()
    {
        InitialTimeout = TimeSpan.FromMilliseconds(200),
        MaxTimeout = TimeSpan.FromSeconds(1),
        MaxAttempts = 4,
    };

    private static async Task<VirtualGateway> StartGatewayAsync(RouterProfile? profile = null)
    {
        var options = new VirtualGatewayOptions
        {
            LanAddress = LoopbackAddresses.Next(),
            WanAddress = LoopbackAddresses.Next(),
            Profile = profile ?? RouterProfileCatalog.Standard,
        };
        var next = LoopbackAddresses.Next();
        options.NextWanAddress = _ => next;
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var gateway = new VirtualGateway(options, time);
        await gateway.StartAsync();

        // The gateway has been up for a while, so that a reset epoch shows (0 after 100, not 0 after 0).
        time.Advance(TimeSpan.FromSeconds(100));
        return gateway;
    }

    private static VirtualDevice Create(VirtualGateway gateway, string id, MappingMethod method, MappingStrategyKinds strategies = MappingStrategyKinds.Watchdog) =>
        new(
            new VirtualDeviceOptions
            {
                Id = id,
                Key = Key,
                Address = LoopbackAddresses.Next(),
                Mapping = method,
                PortControlGateway = gateway.PortControlEndPoint,
                PortControl = Quick,
                Strategies = strategies,
            },
            TimeProvider.System);

    [TestCase(MappingMethod.Pcp, MappingOrigin.Pcp)]
    [TestCase(MappingMethod.NatPmp, MappingOrigin.NatPmp)]
    public async Task Device_MapsByItsProtocol_AndIsReachableThroughTheGateway(MappingMethod method, MappingOrigin origin)
    {
        await using var gateway = await StartGatewayAsync();
        await using var device = Create(gateway, $"dev-{method}", method);

        Assert.That(await device.StartAsync(), Is.True);
        var mapping = device.CurrentMapping!;
        var probe = await IdentityProbe.ProbeTcpAsync(mapping.ExternalEndPoint!, device.Options.Id, Key, TimeSpan.FromSeconds(5), TimeProvider.System, LoopbackAddresses.Next());

        Assert.Multiple(() =>
        {
            Assert.That(mapping.ExternalAddress, Is.EqualTo(gateway.WanAddress));
            Assert.That(gateway.Mappings.Single().Origin, Is.EqualTo(origin));
            Assert.That(probe.Outcome, Is.EqualTo(ProbeOutcome.Ok), probe.Detail);
        });
    }

    [TestCase(MappingMethod.Pcp)]
    [TestCase(MappingMethod.NatPmp)]
    public async Task RemapInstruction_DeletesAndMapsAgain_ByTheSameProtocol(MappingMethod method)
    {
        await using var gateway = await StartGatewayAsync();
        await using var device = Create(gateway, $"remap-{method}", method);
        await device.StartAsync();
        await gateway.ApplyFaultAsync(new DropAllMappings());

        var again = await device.OnRemapInstructionAsync();

        Assert.That(gateway.Mappings.Single().ExternalPort, Is.EqualTo(again.ExternalPort));
    }

    [TestCase(MappingMethod.Pcp)]
    [TestCase(MappingMethod.NatPmp)]
    public async Task EventsStrategy_RemapsOnTheAnnouncementOfAWanChange(MappingMethod method)
    {
        await using var gateway = await StartGatewayAsync();
        await using var device = Create(gateway, $"events-{method}", method, MappingStrategyKinds.Watchdog | MappingStrategyKinds.Events);
        await device.StartAsync();

        await gateway.ApplyFaultAsync(new ChangeWanIp());

        var next = gateway.WanAddress;
        await Eventually.HoldsAsync(() => device.CurrentMapping?.ExternalAddress?.Equals(next) == true, "the device remapped on the announced address");
        Assert.That(gateway.Mappings.Single().Origin, Is.EqualTo(method == MappingMethod.Pcp ? MappingOrigin.Pcp : MappingOrigin.NatPmp));
    }

    [Test]
    public async Task EventsStrategy_RemapsOnTheAnnouncementOfAReboot()
    {
        await using var gateway = await StartGatewayAsync();
        await using var device = Create(gateway, "reboot-pcp", MappingMethod.Pcp, MappingStrategyKinds.Watchdog | MappingStrategyKinds.Events);
        await device.StartAsync();

        await gateway.ApplyFaultAsync(new Reboot());

        await Eventually.HoldsAsync(() => gateway.Mappings.Count == 1, "the device mapped again after the announced reboot");
    }

    [Test]
    public async Task Poll_TrustsTheEpoch_SoEpochNotResetHidesAReboot()
    {
        await using var honest = await StartGatewayAsync(RouterProfileCatalog.Resolve("miniupnpd"));
        await using var quirky = await StartGatewayAsync(RouterProfileCatalog.Resolve("miniupnpd-epoch-not-reset"));
        var actions = new List<PortControlMappingActions>();
        foreach (var gateway in new[] { honest, quirky })
        {
            var device = LoopbackAddresses.Next();
            var a = new PortControlMappingActions(MappingMethod.Pcp, gateway.PortControlEndPoint!, MappingProtocol.Tcp, new(device, 20000), 0, 3600, Quick, TimeProvider.System);
            await a.MapAsync(CancellationToken.None);
            actions.Add(a);
            await gateway.ApplyFaultAsync(new Reboot());
        }

        try
        {
            Assert.That(await actions[0].IsMappedAsync(CancellationToken.None), Is.False, "the reset epoch shows the reboot");
            Assert.That(await actions[1].IsMappedAsync(CancellationToken.None), Is.True, "epoch-not-reset: the client believes the lost mapping is there");
            Assert.That(quirky.Mappings, Is.Empty);
        }
        finally
        {
            foreach (var a in actions)
            {
                await a.DisposeAsync();
            }
        }
    }

    [Test]
    public async Task Auto_TriesPcpThenNatPmp()
    {
        await using var full = await StartGatewayAsync();
        await using var natPmpOnly = await StartGatewayAsync(
            RouterProfileCatalog.Standard with { PortControl = RouterProfileCatalog.Standard.PortControl with { Pcp = false } });
        await using var a = Create(full, "auto-1", MappingMethod.Auto);
        await using var b = Create(natPmpOnly, "auto-2", MappingMethod.Auto);

        await a.StartAsync();
        await b.StartAsync();

        Assert.That(a.ActiveMapping, Is.EqualTo(MappingMethod.Pcp));
        Assert.That(b.ActiveMapping, Is.EqualTo(MappingMethod.NatPmp));
        Assert.That(natPmpOnly.Mappings.Single().Origin, Is.EqualTo(MappingOrigin.NatPmp));
    }

    [Test]
    public async Task Client_Refused_ThrowsWithTheResultCode_AndSilenceTimesOut()
    {
        await using var gateway = await StartGatewayAsync(RouterProfileCatalog.Standard with { MaxMappings = 1 });
        using var client = new PcpClient(LoopbackAddresses.Next(), gateway.PortControlEndPoint!, Quick, TimeProvider.System);
        await client.MapAsync(new IgdLab.Protocols.Pcp.PcpNonce(1, 1), MappingProtocol.Udp, 5000, 0, 600, CancellationToken.None);

        var refused = Assert.ThrowsAsync<PortControlException>(() => client.MapAsync(new IgdLab.Protocols.Pcp.PcpNonce(2, 2), MappingProtocol.Udp, 5001, 0, 600, CancellationToken.None));
        await gateway.ApplyFaultAsync(new DisablePcp());
        await gateway.ApplyFaultAsync(new DisableNatPmp());
        var silent = Assert.ThrowsAsync<PortControlException>(() => client.AnnounceAsync(CancellationToken.None));

        Assert.That(refused!.PcpResult, Is.EqualTo(IgdLab.Protocols.Pcp.PcpResultCode.NoResources));
        Assert.That(silent!.TimedOut, Is.True);
    }
}
