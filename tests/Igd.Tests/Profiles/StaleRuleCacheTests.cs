using System.Net;
using IgdLab.Igd.Faults;
using IgdLab.Igd.Profiles;
using IgdLab.Igd.Tests.PortControl;
using IgdLab.Protocols.NatPmp;
using EchoService = IgdLab.Igd.Tests.VirtualGatewayTests.EchoService;

namespace IgdLab.Igd.Tests.Profiles;

/// <summary>
/// <c>stale-rule-cache</c>, as Debian's miniupnpd 2.3.1 showed it after its nftables chains were flushed: the entry
/// stays listed, a plain re-add answers success and forwards nothing, delete-then-add or NAT-PMP brings the rule back.
/// </summary>
[Category("Loopback")]
public sealed class StaleRuleCacheTests
{
    private static RouterProfile Stale => RouterProfileCatalog.Standard with { StaleRuleCache = true };

    [Test]
    public async Task DropAll_EntryStaysListedButNothingForwards_PlainReAddDoesNotHelp()
    {
        await using var f = await GatewayFixture.StartAsync(Stale);
        using var service = new EchoService(f.Client);
        await f.AddAsync(40100, service.Port);
        var outside = new IPEndPoint(f.Gateway.WanAddress, 40100);

        await f.Gateway.ApplyFaultAsync(new DropAllMappings());
        var listed = await f.CallAsync("GetSpecificPortMappingEntry", ("NewRemoteHost", ""), ("NewExternalPort", 40100), ("NewProtocol", "TCP"));
        var reAdd = await f.AddAsync(40100, service.Port);

        Assert.That(listed.ErrorCode, Is.Null, "the entry is still listed");
        Assert.That(reAdd.ErrorCode, Is.Null, "the re-add answers success");
        Assert.That(await EchoService.IsRefusedAsync(outside), Is.True, "and still nothing forwards");
    }

    [Test]
    public async Task DropAll_DeleteThenAdd_Recovers()
    {
        await using var f = await GatewayFixture.StartAsync(Stale);
        using var service = new EchoService(f.Client);
        await f.AddAsync(40101, service.Port);
        await f.Gateway.ApplyFaultAsync(new DropAllMappings());

        await f.CallAsync("DeletePortMapping", ("NewRemoteHost", ""), ("NewExternalPort", 40101), ("NewProtocol", "TCP"));
        await f.AddAsync(40101, service.Port);

        Assert.That(await EchoService.RoundTripAsync(new IPEndPoint(f.Gateway.WanAddress, 40101), "back"), Is.EqualTo("back"));
    }

    [Test]
    public async Task DropOne_NatPmpRequestForTheSameMapping_Recovers()
    {
        await using var f = await GatewayFixture.StartAsync(Stale);
        using var service = new EchoService(f.Client);
        await f.AddAsync(40102, service.Port);
        await f.Gateway.ApplyFaultAsync(new DropMapping());
        Assert.That(await EchoService.IsRefusedAsync(new IPEndPoint(f.Gateway.WanAddress, 40102)), Is.True);

        using var client = new PortControlClient(f.Client, f.Gateway.PortControlEndPoint!);
        var mapped = (NatPmpMapResponse)await client.NatPmpAsync(new NatPmpMapRequest(MappingProtocol.Tcp, (ushort)service.Port, 40102, 3600));

        Assert.That(mapped.ExternalPort, Is.EqualTo(40102));
        Assert.That(await EchoService.RoundTripAsync(new IPEndPoint(f.Gateway.WanAddress, 40102), "pmp"), Is.EqualTo("pmp"));
    }

    [Test]
    public async Task WithoutTheQuirk_DropAllRemovesTheEntry()
    {
        await using var f = await GatewayFixture.StartAsync();
        await f.AddAsync(40103, 1000);

        await f.Gateway.ApplyFaultAsync(new DropAllMappings());

        Assert.That(f.Gateway.Mappings, Is.Empty);
    }
}
