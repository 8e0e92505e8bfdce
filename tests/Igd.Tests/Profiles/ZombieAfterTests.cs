using System.Net;
using IgdLab.Igd.Profiles;
using EchoService = IgdLab.Igd.Tests.VirtualGatewayTests.EchoService;

namespace IgdLab.Igd.Tests.Profiles;

/// <summary><c>zombieAfterSeconds</c>: the Technicolor CGA4131COM's mappings stop forwarding while they stay listed.</summary>
[Category("Loopback")]
public sealed class ZombieAfterTests
{
    [Test]
    public async Task Mapping_AfterTheTime_StaysListedButForwardsNothingUntilDeletedAndAdded()
    {
        await using var f = await GatewayFixture.StartAsync(RouterProfileCatalog.Standard with { ZombieAfterSeconds = 60 });
        using var service = new EchoService(f.Client);
        await f.AddAsync(40200, service.Port);
        var outside = new IPEndPoint(f.Gateway.WanAddress, 40200);
        f.Time.Advance(TimeSpan.FromSeconds(50));
        var before = await EchoService.RoundTripAsync(outside, "alive");

        f.Time.Advance(TimeSpan.FromSeconds(16));
        var listed = await f.CallAsync("GetSpecificPortMappingEntry", ("NewRemoteHost", ""), ("NewExternalPort", 40200), ("NewProtocol", "TCP"));
        var refused = await EchoService.IsRefusedAsync(outside);
        await f.AddAsync(40200, service.Port);
        var afterReAdd = await EchoService.IsRefusedAsync(outside);
        await f.CallAsync("DeletePortMapping", ("NewRemoteHost", ""), ("NewExternalPort", 40200), ("NewProtocol", "TCP"));
        await f.AddAsync(40200, service.Port);

        Assert.That(before, Is.EqualTo("alive"));
        Assert.That(listed.ErrorCode, Is.Null);
        Assert.That(refused, Is.True);
        Assert.That(afterReAdd, Is.True, "a plain re-add does not revive a zombie");
        Assert.That(await EchoService.RoundTripAsync(outside, "again"), Is.EqualTo("again"));
    }
}
