using System.Net;
using System.Net.Sockets;
using IgdLab.Device.Upnp.Soap;
using IgdLab.Igd.Faults;
using IgdLab.Igd.Profiles;
using IgdLab.TestUtilities;

namespace IgdLab.Device.Tests.Upnp.Soap;

/// <summary>Every action against an in-process virtual gateway, IGD:2 and IGD:1, with typed errors and retries.</summary>
[Category("Loopback")]
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class IgdSoapClientTests
{
    private static RouterProfile Igd(int version) => RouterProfileCatalog.Standard with { IgdVersion = version };

    [TestCase(1)]
    [TestCase(2)]
    public async Task GetExternalIPAddress_ReturnsTheWanAddress(int version)
    {
        await using var h = await GatewayHarness.StartAsync(Igd(version));
        Assert.That(await h.Soap.GetExternalIPAddressAsync(), Is.EqualTo(h.Gateway.WanAddress));
    }

    [TestCase(1)]
    [TestCase(2)]
    public async Task GetStatusInfo_ReturnsConnectedWithUptime(int version)
    {
        await using var h = await GatewayHarness.StartAsync(Igd(version));
        h.Time.Advance(TimeSpan.FromSeconds(90));

        var status = await h.Soap.GetStatusInfoAsync();

        Assert.That(status.ConnectionStatus, Is.EqualTo("Connected"));
        Assert.That(status.IsConnected, Is.True);
        Assert.That(status.LastConnectionError, Is.EqualTo("ERROR_NONE"));
        Assert.That(status.Uptime, Is.EqualTo(TimeSpan.FromSeconds(90)));
    }

    [TestCase(1)]
    [TestCase(2)]
    public async Task GetConnectionTypeInfo_ReturnsIpRouted(int version)
    {
        await using var h = await GatewayHarness.StartAsync(Igd(version));
        var info = await h.Soap.GetConnectionTypeInfoAsync();
        Assert.That(info.ConnectionType, Is.EqualTo("IP_Routed"));
        Assert.That(info.PossibleConnectionTypes, Is.EqualTo(new[] { "IP_Routed" }));
    }

    [TestCase(1)]
    [TestCase(2)]
    public async Task GetNatRsipStatus_ReturnsNatWithoutRsip(int version)
    {
        await using var h = await GatewayHarness.StartAsync(Igd(version));
        var status = await h.Soap.GetNatRsipStatusAsync();
        Assert.That(status.NatEnabled, Is.True);
        Assert.That(status.RsipAvailable, Is.False);
    }

    [TestCase(1)]
    [TestCase(2)]
    public async Task AddPortMapping_ThenGetSpecificPortMappingEntry_ReturnsTheTypedEntry(int version)
    {
        await using var h = await GatewayHarness.StartAsync(Igd(version));
        await h.Soap.AddPortMappingAsync(h.Entry(41000, 8080, lease: 3600, protocol: MappingProtocol.Udp, description: "cam <1> & co"));

        var entry = await h.Soap.GetSpecificPortMappingEntryAsync(41000, MappingProtocol.Udp);

        Assert.That(entry, Is.EqualTo(new PortMappingEntry
        {
            ExternalPort = 41000,
            Protocol = MappingProtocol.Udp,
            InternalClient = h.ClientAddress.ToString(),
            InternalPort = 8080,
            Enabled = true,
            Description = "cam <1> & co",
            LeaseSeconds = 3600,
        }));
        var stored = h.Gateway.Mappings.Single();
        Assert.That(stored.InternalClient, Is.EqualTo(h.ClientAddress));
        Assert.That(stored.ExternalPort, Is.EqualTo(41000));
    }

    [Test]
    public async Task AddPortMapping_SameClientAgain_RenewsTheLease()
    {
        await using var h = await GatewayHarness.StartAsync();
        await h.Soap.AddPortMappingAsync(h.Entry(41001, lease: 600));
        h.Time.Advance(TimeSpan.FromSeconds(500));
        Assert.That((await h.Soap.GetSpecificPortMappingEntryAsync(41001, MappingProtocol.Tcp))!.LeaseSeconds, Is.EqualTo(100));

        await h.Soap.AddPortMappingAsync(h.Entry(41001, lease: 600));

        Assert.That((await h.Soap.GetSpecificPortMappingEntryAsync(41001, MappingProtocol.Tcp))!.LeaseSeconds, Is.EqualTo(600));
        Assert.That(h.Gateway.Mappings, Has.Count.EqualTo(1));
    }

    [TestCase(1)]
    [TestCase(2)]
    public async Task GetSpecificPortMappingEntry_NoSuchMapping_ReturnsNull(int version)
    {
        await using var h = await GatewayHarness.StartAsync(Igd(version));
        Assert.That(await h.Soap.GetSpecificPortMappingEntryAsync(41002, MappingProtocol.Tcp), Is.Null);
    }

    [TestCase(1)]
    [TestCase(2)]
    public async Task DeletePortMapping_Existing_DeletesAndReturnsTrue(int version)
    {
        await using var h = await GatewayHarness.StartAsync(Igd(version));
        await h.Soap.AddPortMappingAsync(h.Entry(41003));

        Assert.That(await h.Soap.DeletePortMappingAsync(41003, MappingProtocol.Tcp), Is.True);
        Assert.That(h.Gateway.Mappings, Is.Empty);
    }

    [Test]
    public async Task DeletePortMapping_Missing_ReturnsFalse()
    {
        await using var h = await GatewayHarness.StartAsync();
        Assert.That(await h.Soap.DeletePortMappingAsync(41004, MappingProtocol.Tcp), Is.False);
    }

    [TestCase(1)]
    [TestCase(2)]
    public async Task GetGenericPortMappingEntry_ByIndex_ReturnsTheEntryWithItsKey(int version)
    {
        await using var h = await GatewayHarness.StartAsync(Igd(version));
        await h.Soap.AddPortMappingAsync(h.Entry(41005, 81));
        await h.Soap.AddPortMappingAsync(h.Entry(41006, 82, protocol: MappingProtocol.Udp));

        var second = await h.Soap.GetGenericPortMappingEntryAsync(1);

        Assert.That(second.ExternalPort, Is.EqualTo(41006));
        Assert.That(second.Protocol, Is.EqualTo(MappingProtocol.Udp));
        Assert.That(second.InternalPort, Is.EqualTo(82));
        Assert.That(second.InternalClient, Is.EqualTo(h.ClientAddress.ToString()));
        Assert.That(second.RemoteHost, Is.Empty);
    }

    [TestCase(1)]
    [TestCase(2)]
    public async Task GetGenericPortMappingEntry_PastTheEnd_Throws713(int version)
    {
        await using var h = await GatewayHarness.StartAsync(Igd(version));
        await h.Soap.AddPortMappingAsync(h.Entry(41007));

        var error = Assert.ThrowsAsync<UpnpErrorException>(() => h.Soap.GetGenericPortMappingEntryAsync(1));

        Assert.That(error!.Code, Is.EqualTo(UpnpErrorCode.SpecifiedArrayIndexInvalid));
        Assert.That(error.Name, Is.EqualTo("SpecifiedArrayIndexInvalid"));
        Assert.That(error.Action, Is.EqualTo("GetGenericPortMappingEntry"));
        Assert.That(error.Meaning, Does.Contain("end of the mapping table"));
    }

    [TestCase(1)]
    [TestCase(2)]
    public async Task AddPortMapping_PortHeldByAnotherClient_Throws718(int version)
    {
        await using var h = await GatewayHarness.StartAsync(Igd(version));
        await h.Soap.AddPortMappingAsync(h.Entry(41008, client: LoopbackAddresses.Next()));

        var error = Assert.ThrowsAsync<UpnpErrorException>(() => h.Soap.AddPortMappingAsync(h.Entry(41008)));

        Assert.That(error!.Code, Is.EqualTo(UpnpErrorCode.ConflictInMappingEntry));
        Assert.That(error.Name, Is.EqualTo("ConflictInMappingEntry"));
        Assert.That(error.Message, Does.Contain("AddPortMapping").And.Contain("718").And.Contain(h.Gateway.ControlUrl.ToString()));
    }

    [TestCase(2, UpnpErrorCode.ActionNotAuthorized)]
    [TestCase(1, UpnpErrorCode.ConflictInMappingEntry)]
    public async Task AddPortMapping_SecureModeForAnotherAddress_IsRefused(int version, int expected)
    {
        await using var h = await GatewayHarness.StartAsync(Igd(version) with { SecureMode = true });

        var error = Assert.ThrowsAsync<UpnpErrorException>(() => h.Soap.AddPortMappingAsync(h.Entry(41009, client: LoopbackAddresses.Next())));

        Assert.That(error!.Code, Is.EqualTo(expected));
        Assert.That(h.Gateway.Mappings, Is.Empty);
    }

    [Test]
    public async Task AddPortMapping_SecureModeForOwnAddress_Succeeds()
    {
        await using var h = await GatewayHarness.StartAsync(Igd(2) with { SecureMode = true });
        await h.Soap.AddPortMappingAsync(h.Entry(41010));
        Assert.That(h.Gateway.Mappings.Single().InternalClient, Is.EqualTo(h.ClientAddress), "the client's socket is bound to its own address");
    }

    [Test]
    public async Task AddAnyPortMapping_FreePort_ReservesIt()
    {
        await using var h = await GatewayHarness.StartAsync();
        Assert.That(await h.Soap.AddAnyPortMappingAsync(h.Entry(41011)), Is.EqualTo(41011));
    }

    [Test]
    public async Task AddAnyPortMapping_TakenPort_ReservesAnother()
    {
        await using var h = await GatewayHarness.StartAsync();
        await h.Soap.AddPortMappingAsync(h.Entry(41012, client: LoopbackAddresses.Next()));

        var reserved = await h.Soap.AddAnyPortMappingAsync(h.Entry(41012));

        Assert.That(reserved, Is.Not.EqualTo(41012));
        Assert.That(h.Gateway.Mappings.Single(m => m.ExternalPort == reserved).InternalClient, Is.EqualTo(h.ClientAddress));
    }

    [Test]
    public async Task AddAnyPortMapping_Igd1_Throws401()
    {
        await using var h = await GatewayHarness.StartAsync(Igd(1));
        var error = Assert.ThrowsAsync<UpnpErrorException>(() => h.Soap.AddAnyPortMappingAsync(h.Entry(41013)));
        Assert.That(error!.Code, Is.EqualTo(UpnpErrorCode.InvalidAction));
    }

    [Test]
    public async Task GetListOfPortMappings_ReturnsTypedEntriesInPortOrder()
    {
        await using var h = await GatewayHarness.StartAsync();
        await h.Soap.AddPortMappingAsync(h.Entry(41021, 21, description: "b & <c>"));
        await h.Soap.AddPortMappingAsync(h.Entry(41020, 20, description: "a"));
        await h.Soap.AddPortMappingAsync(h.Entry(41022, 22, protocol: MappingProtocol.Udp));

        var listed = await h.Soap.GetListOfPortMappingsAsync(41000, 41100, MappingProtocol.Tcp, manage: true);

        Assert.That(listed.Select(e => e.ExternalPort), Is.EqualTo(new[] { 41020, 41021 }));
        Assert.That(listed[1], Is.EqualTo(h.Entry(41021, 21, description: "b & <c>")));
    }

    [Test]
    public async Task GetListOfPortMappings_EmptyRange_ReturnsEmpty()
    {
        await using var h = await GatewayHarness.StartAsync();
        Assert.That(await h.Soap.GetListOfPortMappingsAsync(1, 65535, MappingProtocol.Tcp, manage: true), Is.Empty);
    }

    [Test]
    public async Task DeletePortMappingRange_DeletesTheRangeOnly()
    {
        await using var h = await GatewayHarness.StartAsync();
        foreach (var port in new[] { 41030, 41031, 41040 })
        {
            await h.Soap.AddPortMappingAsync(h.Entry(port));
        }

        Assert.That(await h.Soap.DeletePortMappingRangeAsync(41030, 41035, MappingProtocol.Tcp, manage: false), Is.True);
        Assert.That(h.Gateway.Mappings.Select(m => m.ExternalPort), Is.EqualTo(new[] { 41040 }));
        Assert.That(await h.Soap.DeletePortMappingRangeAsync(41030, 41035, MappingProtocol.Tcp, manage: false), Is.False);
    }

    [TestCase(1)]
    [TestCase(2)]
    public async Task GetAllPortMappings_WalksTheTableUntil713(int version)
    {
        await using var h = await GatewayHarness.StartAsync(Igd(version));
        foreach (var port in new[] { 41050, 41051, 41052 })
        {
            await h.Soap.AddPortMappingAsync(h.Entry(port));
        }

        var all = await h.Soap.GetAllPortMappingsAsync();

        Assert.That(all.Select(e => e.ExternalPort), Is.EqualTo(new[] { 41050, 41051, 41052 }));
    }

    [TestCase(UpnpErrorCode.InvalidArgs)]
    [TestCase(UpnpErrorCode.ActionFailed)]
    [TestCase(UpnpErrorCode.NoSuchEntryInArray)]
    public async Task GetAllPortMappings_RouterEndsTheListWithAnotherCode_StopsCleanlyWithoutRetrying(int endCode)
    {
        await using var h = await GatewayHarness.StartAsync(RouterProfileCatalog.Standard with { EndOfListErrorCode = endCode });
        await h.Soap.AddPortMappingAsync(h.Entry(41060));
        await h.Soap.AddPortMappingAsync(h.Entry(41061));

        // Retrying the end-of-list 501 would wait for this 30 s backoff; the walk must not.
        var slowRetries = h.CreateClient(h.ClientOptions with { RetryDelay = TimeSpan.FromSeconds(30), MaxRetryDelay = TimeSpan.FromSeconds(30) });
        var walk = slowRetries.GetAllPortMappingsAsync();
        var first = await Task.WhenAny(walk, Task.Delay(TimeSpan.FromSeconds(10), TimeProvider.System));

        Assert.That(first, Is.SameAs(walk), "the walk finished without retrying the end-of-list code");
        Assert.That((await walk).Select(e => e.ExternalPort), Is.EqualTo(new[] { 41060, 41061 }));
    }

    [Test]
    public async Task GetAllPortMappings_EmptyTable_ReturnsEmpty()
    {
        await using var h = await GatewayHarness.StartAsync();
        Assert.That(await h.Soap.GetAllPortMappingsAsync(), Is.Empty);
    }

    [Test]
    public async Task GetCommonLinkProperties_ReturnsTheLink()
    {
        await using var h = await GatewayHarness.StartAsync();

        var link = await h.Soap.GetCommonLinkPropertiesAsync(h.CommonControlUrl);

        Assert.That(link.WanAccessType, Is.EqualTo("Ethernet"));
        Assert.That(link.PhysicalLinkStatus, Is.EqualTo("Up"));
        Assert.That(link.Layer1UpstreamMaxBitRate, Is.EqualTo(1_000_000_000UL));
        Assert.That(link.Layer1DownstreamMaxBitRate, Is.EqualTo(1_000_000_000UL));
    }

    [Test]
    public async Task GetTotals_FreshGateway_AreZero()
    {
        await using var h = await GatewayHarness.StartAsync();
        Assert.That(await h.Soap.GetTotalBytesSentAsync(h.CommonControlUrl), Is.Zero);
        Assert.That(await h.Soap.GetTotalBytesReceivedAsync(h.CommonControlUrl), Is.Zero);
        Assert.That(await h.Soap.GetTotalPacketsSentAsync(h.CommonControlUrl), Is.Zero);
        Assert.That(await h.Soap.GetTotalPacketsReceivedAsync(h.CommonControlUrl), Is.Zero);
    }

    [Test]
    public async Task GetTotals_AfterForwardedTraffic_CountIt()
    {
        await using var h = await GatewayHarness.StartAsync();
        using var device = new UdpClient(new IPEndPoint(h.ClientAddress, 0));
        using var outside = new UdpClient(new IPEndPoint(LoopbackAddresses.Next(), 0));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5), TimeProvider.System);
        await h.Soap.AddPortMappingAsync(h.Entry(41100, ((IPEndPoint)device.Client.LocalEndPoint!).Port, protocol: MappingProtocol.Udp));

        await outside.SendAsync("hello"u8.ToArray(), new IPEndPoint(h.Gateway.WanAddress, 41100), timeout.Token);
        var received = await device.ReceiveAsync(timeout.Token);
        await device.SendAsync("hi!"u8.ToArray(), received.RemoteEndPoint, timeout.Token);
        await outside.ReceiveAsync(timeout.Token);

        Assert.That(await h.Soap.GetTotalBytesReceivedAsync(h.CommonControlUrl), Is.EqualTo(5UL));
        Assert.That(await h.Soap.GetTotalPacketsReceivedAsync(h.CommonControlUrl), Is.EqualTo(1UL));
        for (var i = 0; i < 100 && await h.Soap.GetTotalBytesSentAsync(h.CommonControlUrl) == 0; i++)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(20), TimeProvider.System);
        }

        Assert.That(await h.Soap.GetTotalBytesSentAsync(h.CommonControlUrl), Is.EqualTo(3UL));
        Assert.That(await h.Soap.GetTotalPacketsSentAsync(h.CommonControlUrl), Is.EqualTo(1UL));
    }

    [Test]
    public async Task AddPortMapping_Injected501Once_IsRetriedAndSucceeds()
    {
        await using var h = await GatewayHarness.StartAsync();
        await h.Gateway.ApplyFaultAsync(new IgdLab.Igd.Faults.SoapError { SoapAction = "AddPortMapping", Code = 501, Count = 1 });

        await h.Soap.AddPortMappingAsync(h.Entry(41070));

        Assert.That(h.Gateway.Mappings.Single().ExternalPort, Is.EqualTo(41070));
    }

    [Test]
    public async Task AddPortMapping_501BeyondTheRetries_Throws501AfterThreeAttempts()
    {
        await using var h = await GatewayHarness.StartAsync();
        await h.Gateway.ApplyFaultAsync(new IgdLab.Igd.Faults.SoapError { SoapAction = "AddPortMapping", Code = 501, Count = 3 });

        var error = Assert.ThrowsAsync<UpnpErrorException>(() => h.Soap.AddPortMappingAsync(h.Entry(41071)));

        Assert.That(error!.Code, Is.EqualTo(UpnpErrorCode.ActionFailed));
        await h.Soap.AddPortMappingAsync(h.Entry(41071));
        Assert.That(h.Gateway.Mappings, Has.Count.EqualTo(1), "three attempts used up the three injected errors");
    }

    [Test]
    public async Task AddPortMapping_501RetriesDisabled_Throws501AtOnce()
    {
        await using var h = await GatewayHarness.StartAsync();
        var client = h.CreateClient(h.ClientOptions with { ActionFailedRetryCount = 0 });
        await h.Gateway.ApplyFaultAsync(new IgdLab.Igd.Faults.SoapError { SoapAction = "AddPortMapping", Code = 501, Count = 1 });

        var error = Assert.ThrowsAsync<UpnpErrorException>(() => client.AddPortMappingAsync(h.Entry(41072)));

        Assert.That(error!.Code, Is.EqualTo(UpnpErrorCode.ActionFailed));
        Assert.That(h.Gateway.Mappings, Is.Empty);
    }

    [TestCase(UpnpErrorCode.ConflictInMappingEntry)]
    [TestCase(UpnpErrorCode.InvalidArgs)]
    [TestCase(UpnpErrorCode.ActionNotAuthorized)]
    [TestCase(UpnpErrorCode.OnlyPermanentLeasesSupported)]
    public async Task AddPortMapping_InjectedFinalError_IsNotRetried(int code)
    {
        await using var h = await GatewayHarness.StartAsync();
        await h.Gateway.ApplyFaultAsync(new IgdLab.Igd.Faults.SoapError { SoapAction = "AddPortMapping", Code = code, Count = 1 });

        var error = Assert.ThrowsAsync<UpnpErrorException>(() => h.Soap.AddPortMappingAsync(h.Entry(41073)));

        Assert.That(error!.Code, Is.EqualTo(code));
        Assert.That(h.Gateway.Mappings, Is.Empty, "a retry would have succeeded, since only one error was injected");
    }

    [Test]
    public async Task Call_SoapDelayBeyondTheTimeout_ThrowsTimeoutOnTheGatewayClock()
    {
        await using var h = await GatewayHarness.StartAsync();
        var client = h.CreateClient(h.ClientOptions with { Timeout = TimeSpan.FromSeconds(5), RetryCount = 1, RetryDelay = TimeSpan.FromSeconds(1), MaxRetryDelay = TimeSpan.FromSeconds(1) }, h.Time);
        await h.Gateway.ApplyFaultAsync(new IgdLab.Igd.Faults.SoapDelay { SoapAction = "GetExternalIPAddress", Delay = TimeSpan.FromSeconds(60) });
        var started = h.Time.GetUtcNow();

        var call = client.GetExternalIPAddressAsync();
        await AdvanceUntilDoneAsync(h, call, TimeSpan.FromMilliseconds(500));

        var error = Assert.ThrowsAsync<UpnpTransportException>(() => call);
        Assert.That(error!.Failure, Is.EqualTo(UpnpTransportFailure.Timeout));
        Assert.That(error.IsTransient, Is.True);
        Assert.That(error.Message, Does.Contain("GetExternalIPAddress").And.Contain(h.Gateway.ControlUrl.ToString()));
        var elapsed = h.Time.GetUtcNow() - started;
        Assert.That(elapsed, Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(11)), "two 5 s attempts and a 1 s backoff");
        Assert.That(elapsed, Is.LessThan(TimeSpan.FromSeconds(60)), "gave up before the delayed answer came");
    }

    [Test]
    public async Task Call_SoapDelayWithinTheTimeout_Succeeds()
    {
        await using var h = await GatewayHarness.StartAsync();
        // A wide margin: the delay starts only when the request reaches the gateway, while the clock already runs.
        var client = h.CreateClient(h.ClientOptions with { Timeout = TimeSpan.FromSeconds(20), RetryCount = 0 }, h.Time);
        await client.GetExternalIPAddressAsync();
        await h.Gateway.ApplyFaultAsync(new IgdLab.Igd.Faults.SoapDelay { Delay = TimeSpan.FromSeconds(3) });

        var call = client.GetExternalIPAddressAsync();
        await AdvanceUntilDoneAsync(h, call, TimeSpan.FromMilliseconds(500));

        Assert.That(await call, Is.EqualTo(h.Gateway.WanAddress));
    }

    [Test]
    public async Task AddPortMapping_AnswerLostAfterTheRouterAdded_RetryChecksAndDoesNotAddAgain()
    {
        await using var h = await GatewayHarness.StartAsync();
        await using var proxy = new LossyProxy(h.Gateway.ControlUrl, h.ClientAddress);
        var client = await WarmClientAsync(h, proxy);
        var dropped = 0;
        proxy.DropAnswer = (request, status) => request.Action == "AddPortMapping" && Interlocked.Increment(ref dropped) == 1;

        await client.AddPortMappingAsync(h.Entry(41080));

        Assert.That(proxy.Count("AddPortMapping"), Is.EqualTo(1));
        Assert.That(proxy.Count("GetSpecificPortMappingEntry"), Is.EqualTo(1));
        Assert.That(h.Gateway.Mappings.Single().ExternalPort, Is.EqualTo(41080));
    }

    [Test]
    public async Task AddPortMapping_RenewalAnswerLostBeforeTheRouterActed_IsSentAgain()
    {
        await using var h = await GatewayHarness.StartAsync();
        await h.Soap.AddPortMappingAsync(h.Entry(41081, lease: 600));
        h.Time.Advance(TimeSpan.FromSeconds(300));
        await using var proxy = new LossyProxy(h.Gateway.ControlUrl, h.ClientAddress);
        var client = await WarmClientAsync(h, proxy);

        // The renewal's first attempt is lost before the gateway sees it: the old mapping (300 s left) must not count as done.
        await h.Gateway.ApplyFaultAsync(new IgdLab.Igd.Faults.SoapError { SoapAction = "AddPortMapping", Code = 501, Count = 1 });
        var dropped = 0;
        proxy.DropAnswer = (request, status) => request.Action == "AddPortMapping" && status == 500 && Interlocked.Increment(ref dropped) == 1;
        await client.AddPortMappingAsync(h.Entry(41081, lease: 600));

        Assert.That(proxy.Count("GetSpecificPortMappingEntry"), Is.EqualTo(1));
        Assert.That(proxy.Count("AddPortMapping"), Is.EqualTo(2), "the stale mapping did not pass for a renewed one");
        Assert.That((await h.Soap.GetSpecificPortMappingEntryAsync(41081, MappingProtocol.Tcp))!.LeaseSeconds, Is.EqualTo(600));
    }

    [Test]
    public async Task AddAnyPortMapping_AnswerLost_RetryFindsTheReservedPortWithoutAddingAgain()
    {
        await using var h = await GatewayHarness.StartAsync();
        await h.Soap.AddPortMappingAsync(h.Entry(41090, client: LoopbackAddresses.Next()));
        await using var proxy = new LossyProxy(h.Gateway.ControlUrl, h.ClientAddress);
        var client = await WarmClientAsync(h, proxy);
        var dropped = 0;
        proxy.DropAnswer = (request, status) => request.Action == "AddAnyPortMapping" && Interlocked.Increment(ref dropped) == 1;

        var reserved = await client.AddAnyPortMappingAsync(h.Entry(41090, description: "any"));

        Assert.That(proxy.Count("AddAnyPortMapping"), Is.EqualTo(1));
        Assert.That(reserved, Is.Not.EqualTo(41090));
        Assert.That(h.Gateway.Mappings.Where(m => m.InternalClient.Equals(h.ClientAddress)).Select(m => m.ExternalPort), Is.EqualTo(new[] { reserved }));
    }

    [Test]
    public void Constructor_RelativeOrHttpsUrl_Throws()
    {
        Assert.Throws<ArgumentException>(() => new IgdSoapClient(new Uri("/ctl/IPConn", UriKind.Relative), UpnpUrns.WanIpConnection2));
        Assert.Throws<ArgumentException>(() => new IgdSoapClient(new Uri("https://127.0.0.1/ctl"), UpnpUrns.WanIpConnection2));
    }

    [Test]
    public void Constructor_InvalidOptions_ListsEveryProblem()
    {
        var options = new UpnpClientOptions { Timeout = TimeSpan.Zero, RetryCount = -1, MaxResponseBytes = 10 };
        var error = Assert.Throws<ArgumentException>(() => new IgdSoapClient(new Uri("http://127.0.0.1:1/ctl"), UpnpUrns.WanIpConnection2, options));
        Assert.That(error!.Message, Does.Contain("Timeout").And.Contain("RetryCount").And.Contain("MaxResponseBytes"));
    }

    [Test]
    public void ServiceVersion_ComesFromTheServiceType()
    {
        using var v1 = new IgdSoapClient(new Uri("http://127.0.0.1:1/ctl"), UpnpUrns.WanIpConnection1);
        using var v2 = new IgdSoapClient(new Uri("http://127.0.0.1:1/ctl"), UpnpUrns.WanIpConnection2);
        Assert.That((v1.ServiceVersion, v2.ServiceVersion), Is.EqualTo((1, 2)));
    }

    /// <summary>A client through <paramref name="proxy"/> with a 1 s timeout, after one call so that no first-call JIT delay counts as a lost answer.</summary>
    internal static async Task<IgdSoapClient> WarmClientAsync(GatewayHarness h, LossyProxy proxy, int retryCount = UpnpClientDefaults.RetryCount)
    {
        var client = h.CreateClient(h.ClientOptions with { Timeout = TimeSpan.FromSeconds(1), RetryCount = retryCount }, controlUrl: proxy.ControlUrl);
        await client.GetExternalIPAddressAsync();
        return client;
    }

    private static async Task AdvanceUntilDoneAsync(GatewayHarness h, Task call, TimeSpan step)
    {
        // Timers start once the request is under way; advance in small steps, giving the sockets real time in between.
        for (var i = 0; i < 400 && !call.IsCompleted; i++)
        {
            await Task.WhenAny(call, Task.Delay(TimeSpan.FromMilliseconds(10), TimeProvider.System));
            h.Time.Advance(step);
        }

        await Task.WhenAny(call, Task.Delay(TimeSpan.FromSeconds(5), TimeProvider.System));
        Assert.That(call.IsCompleted, Is.True, "the call did not finish while the clock advanced");
    }
}
