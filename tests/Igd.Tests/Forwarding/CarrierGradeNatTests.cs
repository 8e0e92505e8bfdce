using System.Net;
using IgdLab.Igd.Faults;
using IgdLab.Igd.Forwarding;
using IgdLab.Igd.Mapping;
using IgdLab.Igd.Profiles;
using static IgdLab.Igd.Tests.VirtualGatewayTests;

namespace IgdLab.Igd.Tests.Forwarding;

/// <summary>
/// A router behind a carrier-grade NAT (<c>wanSide: cgnat</c>): it grants mappings as any other, but nothing from the
/// WAN side reaches them. Every test runs the same steps on a standard router, which must forward, so a plane that
/// forwarded nothing at all could not pass.
/// </summary>
[Category("Loopback")]
public sealed class CarrierGradeNatTests
{
    private static RouterProfile Standard => RouterProfileCatalog.Standard;

    [Test]
    public async Task Cgnat_MappingListedButWanConnectionRefused_StandardForwards()
    {
        await using var cgnat = await GatewayFixture.StartAsync(Standard with { WanSide = WanSide.Cgnat });
        await using var standard = await GatewayFixture.StartAsync(Standard);
        using var cgnatService = new EchoService(cgnat.Client);
        using var standardService = new EchoService(standard.Client);

        var granted = await cgnat.AddAsync(40100, cgnatService.Port);
        var forwarded = await standard.AddAsync(40100, standardService.Port);

        Assert.That(granted.ErrorCode, Is.Null);
        Assert.That(forwarded.ErrorCode, Is.Null);
        Assert.That(cgnat.Gateway.Mappings.Select(m => m.ExternalPort), Is.EqualTo(new[] { 40100 }), "the table holds the mapping");
        Assert.That(await EchoService.IsRefusedAsync(new IPEndPoint(cgnat.Gateway.WanAddress, 40100)), Is.True, "nothing listens behind the carrier's NAT");
        Assert.That(await EchoService.RoundTripAsync(new IPEndPoint(standard.Gateway.WanAddress, 40100), "ping"), Is.EqualTo("ping"));
    }

    [TestCase(ClosedPortBehaviour.Refuse)]
    [TestCase(ClosedPortBehaviour.Silent)]
    public async Task Cgnat_NoWanPortOpensForAnyMapping(ClosedPortBehaviour closedPorts)
    {
        await using var cgnat = await GatewayFixture.StartAsync(Standard with { WanSide = WanSide.Cgnat, ClosedPorts = closedPorts });
        await using var standard = await GatewayFixture.StartAsync(Standard with { ClosedPorts = closedPorts });

        foreach (var f in new[] { cgnat, standard })
        {
            Assert.That((await f.AddAsync(40101, 40101)).ErrorCode, Is.Null);
            Assert.That((await f.AddAsync(40102, 40102, protocol: "UDP")).ErrorCode, Is.Null);
        }

        Assert.That(StatesOf(cgnat), Is.EqualTo(new[] { WanPortState.Closed, WanPortState.Closed }));
        Assert.That(StatesOf(standard), Is.EqualTo(new[] { WanPortState.Forwarding, WanPortState.Forwarding }));
    }

    [Test]
    public async Task Cgnat_AfterWanAddressChange_StillNothingListens()
    {
        await using var cgnat = await GatewayFixture.StartAsync(Standard with { WanSide = WanSide.Cgnat });
        using var service = new EchoService(cgnat.Client);
        await cgnat.AddAsync(40103, service.Port);

        var moved = await cgnat.Gateway.ApplyFaultAsync(new ChangeWanIp());

        Assert.That(moved.Applied, Is.True);
        Assert.That(await EchoService.IsRefusedAsync(new IPEndPoint(cgnat.Gateway.WanAddress, 40103)), Is.True);
        Assert.That(cgnat.Gateway.Mappings, Has.Count.EqualTo(1));
    }

    [Test]
    public void SharedAddressOf_LiesInTheSharedAddressSpace()
    {
        var shared = CarrierGradeNat.SharedAddressOf(IPAddress.Parse("127.9.200.17"));

        Assert.That(IPNetwork.Parse("100.64.0.0/10").Contains(shared), Is.True);
        Assert.That(shared, Is.Not.EqualTo(CarrierGradeNat.SharedAddressOf(IPAddress.Parse("127.9.200.18"))));
    }

    private static WanPortState[] StatesOf(GatewayFixture f) =>
        [.. f.Gateway.Mappings.OrderBy(m => m.ExternalPort).Select(m => f.Gateway.WanPortStateOf(m.Key))];
}
