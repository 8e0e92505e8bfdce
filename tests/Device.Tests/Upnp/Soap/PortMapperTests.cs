using System.Net;
using IgdLab.Device.Upnp.Soap;
using IgdLab.Igd.Faults;
using IgdLab.Igd.Profiles;
using IgdLab.TestUtilities;

namespace IgdLab.Device.Tests.Upnp.Soap;

/// <summary>The high-level mapper against a virtual gateway: fallbacks for real-router quirks, renewal and leak-free cleanup.</summary>
[Category("Loopback")]
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class PortMapperTests
{
    private static MappingRequest Request(int internalPort, int externalPort = 0, uint lease = 3600) => new()
    {
        Protocol = MappingProtocol.Tcp,
        InternalPort = internalPort,
        ExternalPort = externalPort,
        LeaseSeconds = lease,
        Description = "nas",
    };

    [Test]
    public async Task MapAsync_StandardRouter_MapsTheRequestedPortWithTheLease()
    {
        await using var h = await GatewayHarness.StartAsync();
        await using var mapper = new PortMapper(h.Soap);

        var result = await mapper.MapAsync(Request(8080, 42000));

        Assert.That(result.ExternalAddress, Is.EqualTo(h.Gateway.WanAddress));
        Assert.That(result.ExternalPort, Is.EqualTo(42000));
        Assert.That(result.ExternalEndPoint, Is.EqualTo(new IPEndPoint(h.Gateway.WanAddress, 42000)));
        Assert.That(result.InternalEndPoint, Is.EqualTo(new IPEndPoint(h.ClientAddress, 8080)));
        Assert.That(result.LeaseSeconds, Is.EqualTo(3600));
        Assert.That(result.FellBack, Is.False);
        var stored = h.Gateway.Mappings.Single();
        Assert.That((stored.ExternalPort, stored.InternalClient, stored.InternalPort, stored.Description), Is.EqualTo((42000, h.ClientAddress, 8080, "nas")));
        Assert.That(mapper.Mappings, Is.EqualTo(new[] { result }));
    }

    [Test]
    public async Task MapAsync_NoExternalPort_UsesTheInternalPort()
    {
        await using var h = await GatewayHarness.StartAsync();
        await using var mapper = new PortMapper(h.Soap);

        Assert.That((await mapper.MapAsync(Request(42001))).ExternalPort, Is.EqualTo(42001));
    }

    [Test]
    public async Task MapAsync_SecureModeWithoutInternalClient_PointsAtTheBoundAddress()
    {
        await using var h = await GatewayHarness.StartAsync(RouterProfileCatalog.Standard with { SecureMode = true });
        await using var mapper = new PortMapper(h.Soap);

        var result = await mapper.MapAsync(Request(8080, 42002));

        Assert.That(result.InternalEndPoint.Address, Is.EqualTo(h.ClientAddress));
        Assert.That(h.Gateway.Mappings.Single().InternalClient, Is.EqualTo(h.ClientAddress));
    }

    [Test]
    public async Task MapAsync_PermanentOnlyRouter_FallsBackToAPermanentLeaseThatDisposeDeletes()
    {
        await using var h = await GatewayHarness.StartAsync(RouterProfileCatalog.BuiltIn["permanent-only"]);
        var mapper = new PortMapper(h.Soap);

        var result = await mapper.MapAsync(Request(8080, 42010));

        Assert.That(result.Fallbacks, Is.EqualTo(MappingFallbacks.ZeroLease));
        Assert.That(result.IsPermanent, Is.True);
        Assert.That(h.Gateway.Mappings.Single().LeaseSeconds, Is.Zero);

        await mapper.DisposeAsync();
        Assert.That(h.Gateway.Mappings, Is.Empty, "the permanent mapping is not leaked");
    }

    [Test]
    public async Task MapAsync_PermanentOnlyRouter_LaterMapsGoStraightToLeaseZero()
    {
        await using var h = await GatewayHarness.StartAsync(RouterProfileCatalog.BuiltIn["permanent-only"]);
        await using var proxy = new LossyProxy(h.Gateway.ControlUrl, h.ClientAddress);
        await using var mapper = new PortMapper(h.CreateClient(controlUrl: proxy.ControlUrl));
        await mapper.MapAsync(Request(8080, 42011));
        Assert.That(proxy.Count("AddPortMapping"), Is.EqualTo(2), "3600 refused with 725, then 0");

        var second = await mapper.MapAsync(Request(8081, 42012));

        Assert.That(proxy.Count("AddPortMapping"), Is.EqualTo(3));
        Assert.That(second.Fallbacks, Is.EqualTo(MappingFallbacks.ZeroLease));
    }

    [TestCase(1, 0u)]
    [TestCase(2, 604800u)]
    public async Task MapAsync_NonZeroLeaseRefusedWith402_RetriesWithLeaseZero(int version, uint granted)
    {
        var profile = RouterProfileCatalog.Standard with { IgdVersion = version, Leases = new LeasePolicy { RejectNonZeroWith402 = true } };
        await using var h = await GatewayHarness.StartAsync(profile);
        await using var mapper = new PortMapper(h.Soap);

        var result = await mapper.MapAsync(Request(8080, 42020));

        Assert.That(result.Fallbacks, Is.EqualTo(MappingFallbacks.ZeroLease));
        Assert.That(result.LeaseSeconds, Is.EqualTo(granted));
        Assert.That(h.Gateway.Mappings.Single().LeaseSeconds, Is.EqualTo(granted));
    }

    [Test]
    public async Task MapAsync_ZeroLeaseRefusedWith402OnIgd2_RetriesWithAWeek()
    {
        var profile = RouterProfileCatalog.Standard with { Leases = new LeasePolicy { RejectZeroWith402 = true } };
        await using var h = await GatewayHarness.StartAsync(profile);
        await using var mapper = new PortMapper(h.Soap);

        var result = await mapper.MapAsync(Request(8080, 42021, lease: 0));

        Assert.That(result.Fallbacks, Is.EqualTo(MappingFallbacks.WeekLease));
        Assert.That(result.LeaseSeconds, Is.EqualTo(604800));
    }

    [Test]
    public async Task MapAsync_EveryLeaseRefusedWith402_ThrowsTheRefusal()
    {
        var profile = RouterProfileCatalog.Standard with { IgdVersion = 1, Leases = new LeasePolicy { RejectNonZeroWith402 = true, RejectZeroWith402 = true } };
        await using var h = await GatewayHarness.StartAsync(profile);
        await using var mapper = new PortMapper(h.Soap);

        var error = Assert.ThrowsAsync<UpnpErrorException>(() => mapper.MapAsync(Request(8080, 42022)));

        Assert.That(error!.Code, Is.EqualTo(UpnpErrorCode.InvalidArgs));
        Assert.That(mapper.Mappings, Is.Empty);
    }

    [Test]
    public async Task MapAsync_PortTakenOnIgd2_LetsAddAnyPortMappingPick()
    {
        await using var h = await GatewayHarness.StartAsync();
        var other = LoopbackAddresses.Next();
        await h.Soap.AddPortMappingAsync(h.Entry(42030, client: other));
        await using var mapper = new PortMapper(h.Soap);

        var result = await mapper.MapAsync(Request(8080, 42030));

        Assert.That(result.ExternalPort, Is.Not.EqualTo(42030));
        Assert.That(result.Fallbacks, Is.EqualTo(MappingFallbacks.AddAnyPortMapping));
        Assert.That(h.Gateway.Mappings.Single(m => m.ExternalPort == result.ExternalPort).InternalClient, Is.EqualTo(h.ClientAddress));
        Assert.That(h.Gateway.Mappings.Single(m => m.ExternalPort == 42030).InternalClient, Is.EqualTo(other));
    }

    [Test]
    public async Task MapAsync_PortTakenWhileTheDeviceHoldsTheNextPort_DoesNotOverwriteItsOwnMapping()
    {
        await using var h = await GatewayHarness.StartAsync();
        await h.Soap.AddPortMappingAsync(h.Entry(42300, client: LoopbackAddresses.Next()));
        await using var mapper = new PortMapper(h.Soap);
        var web = await mapper.MapAsync(Request(8081, 42301));

        // AddAnyPortMapping would pick 42301 (nearest to 42300): same client, so the router would overwrite the 8081 mapping.
        var nas = await mapper.MapAsync(Request(8080, 42300));

        Assert.That((nas.ExternalPort, nas.Fallbacks), Is.EqualTo((42302, MappingFallbacks.OtherExternalPort)));
        Assert.That(h.Gateway.Mappings.Single(m => m.ExternalPort == web.ExternalPort).InternalPort, Is.EqualTo(8081));
        Assert.That(mapper.Mappings, Has.Count.EqualTo(2));
    }

    [Test]
    public async Task MapAsync_PortTakenOnIgd1_TriesTheNextPort()
    {
        await using var h = await GatewayHarness.StartAsync(RouterProfileCatalog.Standard with { IgdVersion = 1 });
        await h.Soap.AddPortMappingAsync(h.Entry(42040, client: LoopbackAddresses.Next()));
        await using var mapper = new PortMapper(h.Soap);

        var result = await mapper.MapAsync(Request(8080, 42040));

        Assert.That(result.ExternalPort, Is.EqualTo(42041));
        Assert.That(result.Fallbacks, Is.EqualTo(MappingFallbacks.OtherExternalPort));
    }

    [Test]
    public async Task MapAsync_PortTakenAndAddAnyDisabled_TriesTheNextPort()
    {
        await using var h = await GatewayHarness.StartAsync();
        await h.Soap.AddPortMappingAsync(h.Entry(42045, client: LoopbackAddresses.Next()));
        await using var mapper = new PortMapper(h.Soap, new PortMapperOptions { UseAddAnyPortMapping = false });

        var result = await mapper.MapAsync(Request(8080, 42045));

        Assert.That((result.ExternalPort, result.Fallbacks), Is.EqualTo((42046, MappingFallbacks.OtherExternalPort)));
    }

    [Test]
    public async Task MapAsync_ConflictReportedAs606_MovesToAnotherPort()
    {
        await using var h = await GatewayHarness.StartAsync(RouterProfileCatalog.Standard with { ConflictErrorCode = UpnpErrorCode.ActionNotAuthorized });
        await h.Soap.AddPortMappingAsync(h.Entry(42050, client: LoopbackAddresses.Next()));
        await using var mapper = new PortMapper(h.Soap);

        var result = await mapper.MapAsync(Request(8080, 42050));

        Assert.That(result.ExternalPort, Is.Not.EqualTo(42050));
        Assert.That(result.Fallbacks, Is.EqualTo(MappingFallbacks.AddAnyPortMapping));
    }

    [Test]
    public async Task MapAsync_ConflictReportedAs501WhenConfigured_MovesToTheNextPort()
    {
        await using var h = await GatewayHarness.StartAsync(RouterProfileCatalog.Standard with { IgdVersion = 1, ConflictErrorCode = UpnpErrorCode.ActionFailed });
        await h.Soap.AddPortMappingAsync(h.Entry(42055, client: LoopbackAddresses.Next()));
        await using var mapper = new PortMapper(h.Soap, new PortMapperOptions { TreatActionFailedAsConflict = true });

        var result = await mapper.MapAsync(Request(8080, 42055));

        Assert.That((result.ExternalPort, result.Fallbacks), Is.EqualTo((42056, MappingFallbacks.OtherExternalPort)));
    }

    [Test]
    public async Task MapAsync_ConflictReportedAs501ByDefault_Throws501()
    {
        await using var h = await GatewayHarness.StartAsync(RouterProfileCatalog.Standard with { IgdVersion = 1, ConflictErrorCode = UpnpErrorCode.ActionFailed });
        await h.Soap.AddPortMappingAsync(h.Entry(42057, client: LoopbackAddresses.Next()));
        await using var mapper = new PortMapper(h.Soap);

        var error = Assert.ThrowsAsync<UpnpErrorException>(() => mapper.MapAsync(Request(8080, 42057)));

        Assert.That(error!.Code, Is.EqualTo(UpnpErrorCode.ActionFailed));
    }

    [Test]
    public async Task MapAsync_FixedPortTaken_ThrowsTheConflict()
    {
        await using var h = await GatewayHarness.StartAsync();
        await h.Soap.AddPortMappingAsync(h.Entry(42060, client: LoopbackAddresses.Next()));
        await using var mapper = new PortMapper(h.Soap);

        var error = Assert.ThrowsAsync<UpnpErrorException>(() => mapper.MapAsync(Request(8080, 42060) with { AllowOtherExternalPort = false }));

        Assert.That(error!.Code, Is.EqualTo(UpnpErrorCode.ConflictInMappingEntry));
        Assert.That(h.Gateway.Mappings, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task MapAsync_EveryCandidateTaken_GivesUpAfterTheAttemptLimit()
    {
        await using var h = await GatewayHarness.StartAsync(RouterProfileCatalog.Standard with { IgdVersion = 1 });
        var other = LoopbackAddresses.Next();
        foreach (var port in new[] { 42070, 42071, 42072 })
        {
            await h.Soap.AddPortMappingAsync(h.Entry(port, client: other));
        }

        await using var mapper = new PortMapper(h.Soap, new PortMapperOptions { MaxExternalPortAttempts = 3 });

        var error = Assert.ThrowsAsync<UpnpErrorException>(() => mapper.MapAsync(Request(8080, 42070)));

        Assert.That(error!.Code, Is.EqualTo(UpnpErrorCode.ConflictInMappingEntry));
        Assert.That(h.Gateway.Mappings.Select(m => m.ExternalPort), Is.EqualTo(new[] { 42070, 42071, 42072 }));
    }

    [Test]
    public async Task MapAsync_Again_RenewsOnTheSamePort()
    {
        await using var h = await GatewayHarness.StartAsync();
        await using var mapper = new PortMapper(h.Soap);
        var first = await mapper.MapAsync(Request(8080, 42080));
        h.Time.Advance(TimeSpan.FromSeconds(1800));

        var renewed = await mapper.MapAsync(Request(8080, 42080));

        Assert.That(renewed.ExternalPort, Is.EqualTo(first.ExternalPort));
        Assert.That(renewed.LeaseSeconds, Is.EqualTo(3600));
        Assert.That(h.Gateway.Mappings, Has.Count.EqualTo(1));
        Assert.That(mapper.Mappings, Has.Count.EqualTo(1));
    }

    [TestCase(1)]
    [TestCase(2)]
    public async Task MapAsync_RenewAfterPortFallback_KeepsTheFallbackPortInsteadOfLeaking(int version)
    {
        await using var h = await GatewayHarness.StartAsync(RouterProfileCatalog.BuiltIn["permanent-only"] with { IgdVersion = version });
        await h.Soap.AddPortMappingAsync(h.Entry(42090, lease: 0, client: LoopbackAddresses.Next()));
        await using var mapper = new PortMapper(h.Soap);
        var first = await mapper.MapAsync(Request(8080, 42090));

        for (var i = 0; i < 3; i++)
        {
            var again = await mapper.MapAsync(Request(8080, 42090));
            Assert.That(again.ExternalPort, Is.EqualTo(first.ExternalPort));
            Assert.That(again.Fallbacks, Is.EqualTo(first.Fallbacks));
        }

        Assert.That(h.Gateway.Mappings.Count(m => m.InternalClient.Equals(h.ClientAddress)), Is.EqualTo(1));
    }

    [Test]
    public async Task MapAsync_OwnPortTakenOverAfterADrop_MovesAndLeavesTheNewOwnerAlone()
    {
        await using var h = await GatewayHarness.StartAsync();
        var other = LoopbackAddresses.Next();
        var mapper = new PortMapper(h.Soap);
        await mapper.MapAsync(Request(8080, 42100));
        await h.Gateway.ApplyFaultAsync(new IgdLab.Igd.Faults.DropMapping { Port = 42100, Protocol = MappingProtocol.Tcp });
        await h.Soap.AddPortMappingAsync(h.Entry(42100, client: other));

        var moved = await mapper.MapAsync(Request(8080, 42100));

        Assert.That(moved.ExternalPort, Is.Not.EqualTo(42100));
        Assert.That(mapper.Mappings.Select(m => m.ExternalPort), Is.EqualTo(new[] { moved.ExternalPort }));
        await mapper.DisposeAsync();
        Assert.That(h.Gateway.Mappings.Select(m => (m.ExternalPort, m.InternalClient)), Is.EqualTo(new[] { (42100, other) }));
    }

    [Test]
    public async Task MapAsync_RenewalRefused501ButTheMappingIsStillOurs_KeepsTrackingIt()
    {
        await using var h = await GatewayHarness.StartAsync(RouterProfileCatalog.Standard with { IgdVersion = 1 });
        var mapper = new PortMapper(h.Soap, new PortMapperOptions { TreatActionFailedAsConflict = true });
        await mapper.MapAsync(Request(8080, 42105));
        await h.Gateway.ApplyFaultAsync(new IgdLab.Igd.Faults.SoapError { SoapAction = "AddPortMapping", Code = 501, Count = 3 });

        var error = Assert.ThrowsAsync<UpnpErrorException>(() => mapper.MapAsync(Request(8080, 42105)));

        Assert.That(error!.Code, Is.EqualTo(UpnpErrorCode.ActionFailed), "a transient 501 on our own port must not move the mapping");
        Assert.That(mapper.Mappings.Single().ExternalPort, Is.EqualTo(42105));
        await mapper.DisposeAsync();
        Assert.That(h.Gateway.Mappings, Is.Empty);
    }

    [Test]
    public async Task UnmapAllAsync_DeletesOnlyTheMappersOwnMappings()
    {
        await using var h = await GatewayHarness.StartAsync();
        var other = LoopbackAddresses.Next();
        await h.Soap.AddPortMappingAsync(h.Entry(42110, client: other));
        await h.Soap.AddPortMappingAsync(h.Entry(42111, 9000));
        await using var mapper = new PortMapper(h.Soap);
        await mapper.MapAsync(Request(8080, 42112));
        await mapper.MapAsync(Request(8081, 42113) with { Protocol = MappingProtocol.Udp });

        await mapper.UnmapAllAsync();

        Assert.That(h.Gateway.Mappings.Select(m => m.ExternalPort).Order(), Is.EqualTo(new[] { 42110, 42111 }));
        Assert.That(mapper.Mappings, Is.Empty);
    }

    [Test]
    public async Task UnmapAsync_MappingOfAnotherMapper_ReturnsFalseAndDeletesNothing()
    {
        await using var h = await GatewayHarness.StartAsync();
        await using var mine = new PortMapper(h.Soap);
        await using var theirs = new PortMapper(h.Soap);
        var theirMapping = await theirs.MapAsync(Request(8080, 42120));

        Assert.That(await mine.UnmapAsync(theirMapping), Is.False);
        Assert.That(h.Gateway.Mappings, Has.Count.EqualTo(1));
        Assert.That(await theirs.UnmapAsync(theirMapping), Is.True);
        Assert.That(h.Gateway.Mappings, Is.Empty);
    }

    [Test]
    public async Task UnmapAsync_MappingAlreadyGone_ReturnsFalseAndForgetsIt()
    {
        await using var h = await GatewayHarness.StartAsync();
        await using var mapper = new PortMapper(h.Soap);
        var mapping = await mapper.MapAsync(Request(8080, 42125));
        await h.Gateway.ApplyFaultAsync(new IgdLab.Igd.Faults.DropMapping { Port = 42125, Protocol = MappingProtocol.Tcp });

        Assert.That(await mapper.UnmapAsync(mapping), Is.False);
        Assert.That(mapper.Mappings, Is.Empty);
    }

    [Test]
    public async Task UnmapAsync_PortLostAndTakenByAnotherDevice_LeavesTheOtherDevicesMapping()
    {
        await using var h = await GatewayHarness.StartAsync();
        await using var mapper = new PortMapper(h.Soap);
        var mapping = await mapper.MapAsync(Request(8080, 42126));
        await h.Gateway.ApplyFaultAsync(new IgdLab.Igd.Faults.DropAllMappings());
        var other = LoopbackAddresses.Next();
        await h.Soap.AddPortMappingAsync(h.Entry(42126, 8080, client: other));

        Assert.That(await mapper.UnmapAsync(mapping), Is.False);
        Assert.That(h.Gateway.Mappings.Single().InternalClient, Is.EqualTo(other), "the other device's mapping stays");
        Assert.That(mapper.Mappings, Is.Empty);
    }

    [Test]
    public async Task MapAsync_AddAnswerLostOnPermanentFallback_AdoptsTheMappingAndDisposeDeletesIt()
    {
        await using var h = await GatewayHarness.StartAsync(RouterProfileCatalog.BuiltIn["permanent-only"]);
        await using var proxy = new LossyProxy(h.Gateway.ControlUrl, h.ClientAddress);
        var mapper = new PortMapper(await IgdSoapClientTests.WarmClientAsync(h, proxy));
        var dropped = 0;
        proxy.DropAnswer = (request, status) => request.Action == "AddPortMapping" && status == 200 && Interlocked.Increment(ref dropped) == 1;

        var result = await mapper.MapAsync(Request(8080, 42130));

        Assert.That(result.IsPermanent, Is.True);
        Assert.That(proxy.Count("AddPortMapping"), Is.EqualTo(2), "725 for 3600, then the lost 0; the check found it, no third add");
        await mapper.DisposeAsync();
        Assert.That(h.Gateway.Mappings, Is.Empty);
    }

    [Test]
    public async Task MapAsync_EveryAnswerLost_ThrowsButUnmapAllStillDeletesWhatTheRouterCreated()
    {
        await using var h = await GatewayHarness.StartAsync(RouterProfileCatalog.BuiltIn["permanent-only"]);
        await using var proxy = new LossyProxy(h.Gateway.ControlUrl, h.ClientAddress);
        var mapper = new PortMapper(await IgdSoapClientTests.WarmClientAsync(h, proxy, retryCount: 1));
        proxy.DropAnswer = (request, status) => status == 200;

        var error = Assert.ThrowsAsync<UpnpTransportException>(() => mapper.MapAsync(Request(8080, 42140)));

        Assert.That(error!.Failure, Is.EqualTo(UpnpTransportFailure.Timeout));
        Assert.That(h.Gateway.Mappings.Single().LeaseSeconds, Is.Zero, "the router did create a permanent mapping");
        Assert.That(mapper.Mappings, Is.Empty);

        proxy.DropAnswer = (_, _) => false;
        await mapper.UnmapAllAsync();
        Assert.That(h.Gateway.Mappings, Is.Empty, "the uncertain add was checked and deleted");
    }

    [Test]
    public async Task MapAsync_AfterALostAnswer_RetriesOnTheSamePort()
    {
        await using var h = await GatewayHarness.StartAsync();
        await using var proxy = new LossyProxy(h.Gateway.ControlUrl, h.ClientAddress);
        await using var mapper = new PortMapper(await IgdSoapClientTests.WarmClientAsync(h, proxy, retryCount: 0));
        proxy.DropAnswer = (request, status) => status == 200;
        Assert.ThrowsAsync<UpnpTransportException>(() => mapper.MapAsync(Request(8080, 42150)));

        proxy.DropAnswer = (_, _) => false;
        var result = await mapper.MapAsync(Request(8080, 42150));

        Assert.That(result.ExternalPort, Is.EqualTo(42150));
        Assert.That(h.Gateway.Mappings, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task MapAsync_Injected501AfterAWanFlap_IsRetriedAndMaps()
    {
        await using var h = await GatewayHarness.StartAsync();
        await using var mapper = new PortMapper(h.Soap);
        await h.Gateway.ApplyFaultAsync(new IgdLab.Igd.Faults.SoapError { SoapAction = "AddPortMapping", Code = 501, Count = 2 });

        var result = await mapper.MapAsync(Request(8080, 42160));

        Assert.That((result.ExternalPort, result.FellBack), Is.EqualTo((42160, false)));
    }

    [Test]
    public async Task DisposeAsync_ClientDisposedFirst_DoesNotThrow()
    {
        await using var h = await GatewayHarness.StartAsync();
        var client = h.CreateClient();
        var mapper = new PortMapper(client);
        await mapper.MapAsync(Request(8080, 42170));
        client.Dispose();

        Assert.That(async () => await mapper.DisposeAsync(), Throws.Nothing);
    }

    [Test]
    public async Task MapAsync_AfterDispose_Throws()
    {
        await using var h = await GatewayHarness.StartAsync();
        var mapper = new PortMapper(h.Soap);
        await mapper.DisposeAsync();

        Assert.ThrowsAsync<ObjectDisposedException>(() => mapper.MapAsync(Request(8080)));
    }

    [Test]
    public void MapAsync_InvalidRequest_Throws()
    {
        using var client = new IgdSoapClient(new Uri("http://127.0.0.1:1/ctl"), UpnpUrns.WanIpConnection2);
        var mapper = new PortMapper(client);
        Assert.ThrowsAsync<ArgumentException>(() => mapper.MapAsync(Request(0)));
        Assert.ThrowsAsync<ArgumentException>(() => mapper.MapAsync(Request(80, 70000)));
    }

    [Test]
    public void Constructor_InvalidOptions_Throws()
    {
        using var client = new IgdSoapClient(new Uri("http://127.0.0.1:1/ctl"), UpnpUrns.WanIpConnection2);
        Assert.Throws<ArgumentException>(() => _ = new PortMapper(client, new PortMapperOptions { MaxExternalPortAttempts = 0 }));
    }
}
