using System.Net;
using System.Net.Sockets;
using System.Text;
using IgdLab.Igd.Events;
using IgdLab.Igd.Faults;
using IgdLab.Igd.Forwarding;
using IgdLab.Igd.Mapping;
using IgdLab.Igd.Profiles;
using IgdLab.TestUtilities;

namespace IgdLab.Igd.Tests;

[Category("Loopback")]
public sealed class VirtualGatewayTests
{
    [Test]
    public async Task RootDescription_IsIgd2WithCommonInterfaceAndIpConnection()
    {
        await using var f = await GatewayFixture.StartAsync();
        var xml = await f.Soap.Http.GetStringAsync(f.Gateway.DescriptionUrl);
        Assert.That(xml, Does.Contain("urn:schemas-upnp-org:device:InternetGatewayDevice:2"));
        Assert.That(xml, Does.Contain("urn:schemas-upnp-org:service:WANCommonInterfaceConfig:1"));
        Assert.That(xml, Does.Contain("<controlURL>/ctl/IPConn</controlURL>"));
        var scpd = await f.Soap.Http.GetStringAsync(new Uri(f.Gateway.DescriptionUrl, "/WANIPCn.xml"));
        Assert.That(scpd, Does.Contain("<name>AddAnyPortMapping</name>").And.Contain("<name>GetListOfPortMappings</name>"));
    }

    [Test]
    public async Task RootDescription_Igd1Profile_ServesVersion1WithoutV2Actions()
    {
        await using var f = await GatewayFixture.StartAsync(RouterProfileCatalog.Standard with { IgdVersion = 1 });
        var xml = await f.Soap.Http.GetStringAsync(f.Gateway.DescriptionUrl);
        Assert.That(xml, Does.Contain("InternetGatewayDevice:1").And.Not.Contain("InternetGatewayDevice:2"));
        var scpd = await f.Soap.Http.GetStringAsync(new Uri(f.Gateway.DescriptionUrl, "/WANIPCn.xml"));
        Assert.That(scpd, Does.Not.Contain("AddAnyPortMapping"));
        Assert.That((await f.CallAsync("AddAnyPortMapping")).ErrorCode, Is.EqualTo(401));
    }

    [Test]
    public async Task GetExternalIPAddress_ReturnsWanAddress()
    {
        await using var f = await GatewayFixture.StartAsync();
        var result = await f.CallAsync("GetExternalIPAddress");
        Assert.That(result.Status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(result["NewExternalIPAddress"], Is.EqualTo(f.Gateway.WanAddress.ToString()));
    }

    [Test]
    public async Task ControlRequests_CountsEverySoapRequest_AnsweredOrFaulted()
    {
        await using var f = await GatewayFixture.StartAsync();
        Assert.That(f.Gateway.ControlRequests, Is.Zero);

        await f.CallAsync("GetExternalIPAddress");
        await f.CallAsync("GetSpecificPortMappingEntry", ("NewRemoteHost", ""), ("NewExternalPort", "1"), ("NewProtocol", "TCP"));

        Assert.That(f.Gateway.ControlRequests, Is.EqualTo(2));
    }

    [Test]
    public async Task GetStatusInfo_ReportsConnectedAndUptimeFromClock()
    {
        await using var f = await GatewayFixture.StartAsync();
        f.Time.Advance(TimeSpan.FromSeconds(42));
        var result = await f.CallAsync("GetStatusInfo");
        Assert.That(result["NewConnectionStatus"], Is.EqualTo("Connected"));
        Assert.That(result["NewUptime"], Is.EqualTo("42"));
    }

    [Test]
    public async Task Igd1Client_OnIgd2Router_GetsReplyInItsOwnNamespace()
    {
        await using var f = await GatewayFixture.StartAsync();
        var result = await f.Soap.CallAsync(f.Gateway.ControlUrl, GatewayFixture.WanIp1, "GetExternalIPAddress");
        Assert.That(result.Body, Does.Contain($"xmlns:u=\"{GatewayFixture.WanIp1}\""));
    }

    [Test]
    public async Task AddPortMapping_ThenQueries_ReportTheMapping()
    {
        await using var f = await GatewayFixture.StartAsync();
        Assert.That((await f.AddAsync(40000, 20000, lease: 600)).Status, Is.EqualTo(HttpStatusCode.OK));
        f.Time.Advance(TimeSpan.FromSeconds(100));

        var specific = await f.CallAsync("GetSpecificPortMappingEntry", ("NewRemoteHost", ""), ("NewExternalPort", 40000), ("NewProtocol", "TCP"));
        Assert.That(specific["NewInternalClient"], Is.EqualTo(f.Client.ToString()));
        Assert.That(specific["NewInternalPort"], Is.EqualTo("20000"));
        Assert.That(specific["NewLeaseDuration"], Is.EqualTo("500"));

        var generic = await f.CallAsync("GetGenericPortMappingEntry", ("NewPortMappingIndex", 0));
        Assert.That(generic["NewExternalPort"], Is.EqualTo("40000"));
        Assert.That(generic["NewProtocol"], Is.EqualTo("TCP"));
        Assert.That((await f.CallAsync("GetGenericPortMappingEntry", ("NewPortMappingIndex", 1))).ErrorCode, Is.EqualTo(713));

        var list = await f.CallAsync(
            "GetListOfPortMappings", ("NewStartPort", 1), ("NewEndPort", 65535), ("NewProtocol", "TCP"), ("NewManage", 1), ("NewNumberOfPorts", 0));
        Assert.That(list["NewPortListing"], Does.Contain("<p:NewExternalPort>40000</p:NewExternalPort>").And.Contain("<p:NewLeaseTime>500</p:NewLeaseTime>"));
    }

    [TestCase("NewExternalPort", "not-a-port", 402)]
    [TestCase("NewInternalClient", "", 402)]
    [TestCase("NewProtocol", "SCTP", 601)]
    [TestCase("NewEnabled", "maybe", 402)]
    public async Task AddPortMapping_BadArgument_ReturnsUpnpError(string name, string value, int expected)
    {
        await using var f = await GatewayFixture.StartAsync();
        (string, object)[] args =
        [
            ("NewRemoteHost", ""), ("NewExternalPort", 40001), ("NewProtocol", "TCP"), ("NewInternalPort", 1234),
            ("NewInternalClient", f.Client.ToString()), ("NewEnabled", 1), ("NewPortMappingDescription", "x"), ("NewLeaseDuration", 0),
        ];
        var patched = args.Select(a => a.Item1 == name ? (a.Item1, (object)value) : a).ToArray();
        var result = await f.CallAsync("AddPortMapping", patched);
        Assert.That(result.Status, Is.EqualTo(HttpStatusCode.InternalServerError));
        Assert.That(result.ErrorCode, Is.EqualTo(expected));
    }

    [Test]
    public async Task AddPortMapping_ConflictingClient_Returns718()
    {
        await using var f = await GatewayFixture.StartAsync();
        await f.AddAsync(40002, 20000);
        var result = await f.AddAsync(40002, 20000, client: LoopbackAddresses.Next());
        Assert.That(result.ErrorCode, Is.EqualTo(718));
    }

    [Test]
    public async Task AddPortMapping_SecureModeOtherClient_Returns606()
    {
        await using var f = await GatewayFixture.StartAsync(RouterProfileCatalog.Standard with { SecureMode = true });
        var result = await f.AddAsync(40003, 20000, client: LoopbackAddresses.Next());
        Assert.That(result.ErrorCode, Is.EqualTo(606));
        Assert.That((await f.AddAsync(40003, 20000)).Status, Is.EqualTo(HttpStatusCode.OK), "its own address is allowed");
    }

    [Test]
    public async Task UnknownAction_Returns401()
    {
        await using var f = await GatewayFixture.StartAsync();
        var result = await f.CallAsync("OpenAllThePorts");
        Assert.That(result.Status, Is.EqualTo(HttpStatusCode.InternalServerError));
        Assert.That(result.ErrorCode, Is.EqualTo(401));
    }

    [Test]
    public async Task CommonInterfaceConfig_AnswersUpnpcStatusCalls()
    {
        await using var f = await GatewayFixture.StartAsync();
        const string common = "urn:schemas-upnp-org:service:WANCommonInterfaceConfig:1";
        var control = new Uri(f.Gateway.DescriptionUrl, "/ctl/CmnIfCfg");
        var link = await f.Soap.CallAsync(control, common, "GetCommonLinkProperties");
        Assert.That(link["NewPhysicalLinkStatus"], Is.EqualTo("Up"));
        foreach (var action in new[] { "GetTotalBytesSent", "GetTotalBytesReceived", "GetTotalPacketsSent", "GetTotalPacketsReceived" })
        {
            var result = await f.Soap.CallAsync(control, common, action);
            Assert.That(result.Status, Is.EqualTo(HttpStatusCode.OK), action);
            Assert.That(result.Values.Values.Single(), Does.Match("^[0-9]+$"), action);
        }
    }

    [Test]
    public async Task HostileInput_IsRefusedAndRouterKeepsServing()
    {
        await using var f = await GatewayFixture.StartAsync();
        var xxe = "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>" +
            "<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Body><u:GetExternalIPAddress xmlns:u=\"" +
            GatewayFixture.WanIp2 + "\">&e;</u:GetExternalIPAddress></s:Body></s:Envelope>";
        var rejected = await f.Soap.PostAsync(f.Gateway.ControlUrl, xxe, null);
        Assert.That(rejected.Status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(rejected.Body, Does.Not.Contain("root:"));

        Assert.That(await PostHugeBodyAsync(f.Gateway.ControlUrl, 4 * 1024 * 1024), Does.StartWith("HTTP/1.1 413"));

        var garbage = await f.Soap.PostAsync(f.Gateway.ControlUrl, "\u0001\u0002 not xml", null);
        Assert.That(garbage.Status, Is.EqualTo(HttpStatusCode.BadRequest));

        Assert.That((await f.CallAsync("GetExternalIPAddress")).Status, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Mapping_ForwardsTcpToInternalClient()
    {
        await using var f = await GatewayFixture.StartAsync();
        using var service = new EchoService(f.Client);
        await f.AddAsync(40010, service.Port);
        Assert.That(await EchoService.RoundTripAsync(new IPEndPoint(f.Gateway.WanAddress, 40010), "ping"), Is.EqualTo("ping"));
    }

    [Test]
    public async Task DeletePortMapping_ClosesTheListener()
    {
        await using var f = await GatewayFixture.StartAsync();
        using var service = new EchoService(f.Client);
        await f.AddAsync(40011, service.Port);
        var delete = await f.CallAsync("DeletePortMapping", ("NewRemoteHost", ""), ("NewExternalPort", 40011), ("NewProtocol", "TCP"));
        Assert.That(delete.Status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await EchoService.IsRefusedAsync(new IPEndPoint(f.Gateway.WanAddress, 40011)), Is.True);
        Assert.That((await f.CallAsync("DeletePortMapping", ("NewRemoteHost", ""), ("NewExternalPort", 40011), ("NewProtocol", "TCP"))).ErrorCode, Is.EqualTo(714));
    }

    [Test]
    public async Task LeaseExpiry_RemovesMappingAndListener()
    {
        await using var f = await GatewayFixture.StartAsync();
        using var service = new EchoService(f.Client);
        await f.AddAsync(40012, service.Port, lease: 30);
        f.Time.Advance(TimeSpan.FromSeconds(30));
        Assert.That(f.Gateway.Mappings, Is.Empty);
        Assert.That(await EchoService.IsRefusedAsync(new IPEndPoint(f.Gateway.WanAddress, 40012)), Is.True);
        Assert.That(f.Gateway.Events.Snapshot().Any(e => e is { Kind: GatewayEventKind.MappingRemoved, Reason: RemovalReason.Expired }), Is.True);
    }

    [Test]
    public async Task MappingEvents_AreDeliveredOnceTheListenerFollowed()
    {
        // Whoever reacts to an event (the emulator's oracle checks at once) must see its effect: an added mapping's
        // listener is open, a removed one's is closed.
        await using var f = await GatewayFixture.StartAsync();
        using var service = new EchoService(f.Client);
        var listening = new Dictionary<GatewayEventKind, bool>();
        f.Gateway.Events.Published += e =>
        {
            if (e.Kind is GatewayEventKind.MappingAdded or GatewayEventKind.MappingRemoved)
            {
                using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                try
                {
                    probe.Connect(new IPEndPoint(f.Gateway.WanAddress, 40013));
                    listening[e.Kind] = true;
                }
                catch (SocketException)
                {
                    listening[e.Kind] = false;
                }
            }
        };

        await f.AddAsync(40013, service.Port, lease: 30);
        f.Time.Advance(TimeSpan.FromSeconds(30));

        Assert.That(listening, Is.EqualTo(new Dictionary<GatewayEventKind, bool>
        {
            [GatewayEventKind.MappingAdded] = true,
            [GatewayEventKind.MappingRemoved] = false,
        }));
    }

    [Test]
    public async Task DropMapping_Fault_RefusesAndPublishesEvent()
    {
        await using var f = await GatewayFixture.StartAsync();
        using var service = new EchoService(f.Client);
        await f.AddAsync(40020, service.Port);
        await f.AddAsync(40021, service.Port);

        var result = await f.Gateway.ApplyFaultAsync(new DropMapping { Port = 40020 });

        Assert.That(result.Description, Does.Contain("40020"));
        Assert.That(f.Gateway.Mappings.Select(m => m.ExternalPort), Is.EqualTo(new[] { 40021 }));
        Assert.That(await EchoService.IsRefusedAsync(new IPEndPoint(f.Gateway.WanAddress, 40020)), Is.True);
        var removed = f.Gateway.Events.Snapshot().Single(e => e.Kind == GatewayEventKind.MappingRemoved);
        Assert.That(removed.Reason, Is.EqualTo(RemovalReason.Dropped));
        Assert.That(removed.Timestamp, Is.EqualTo(f.Time.GetUtcNow()));
    }

    [Test]
    public async Task DropMapping_WithoutPort_DropsOneAtRandom()
    {
        await using var f = await GatewayFixture.StartAsync();
        await f.AddAsync(40022, 1000);
        await f.AddAsync(40023, 1000);
        await f.Gateway.ApplyFaultAsync(new DropMapping());
        Assert.That(f.Gateway.Mappings, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task DropAllMappings_Fault_EmptiesTable()
    {
        await using var f = await GatewayFixture.StartAsync();
        await f.AddAsync(40030, 1000);
        await f.AddAsync(40031, 1000, protocol: "UDP");
        await f.Gateway.ApplyFaultAsync(new DropAllMappings());
        Assert.That(f.Gateway.Mappings, Is.Empty);
    }

    [Test]
    public async Task ChangeWanIp_MovesListenersAndOldAddressRefuses()
    {
        await using var f = await GatewayFixture.StartAsync();
        using var service = new EchoService(f.Client);
        await f.AddAsync(40040, service.Port);
        var old = f.Gateway.WanAddress;

        await f.Gateway.ApplyFaultAsync(new ChangeWanIp());

        Assert.That(f.Gateway.WanAddress, Is.Not.EqualTo(old));
        Assert.That(await EchoService.IsRefusedAsync(new IPEndPoint(old, 40040)), Is.True);
        Assert.That(await EchoService.RoundTripAsync(new IPEndPoint(f.Gateway.WanAddress, 40040), "moved"), Is.EqualTo("moved"));
        Assert.That((await f.CallAsync("GetExternalIPAddress"))["NewExternalIPAddress"], Is.EqualTo(f.Gateway.WanAddress.ToString()));
        Assert.That(f.Gateway.Events.Snapshot().Last().Kind, Is.EqualTo(GatewayEventKind.WanAddressChanged));
    }

    [Test]
    public async Task ApplyFault_PartitionOnKernelSockets_RejectedBecauseTheLinkCannotBeCut()
    {
        await using var gateway = new VirtualGateway(new VirtualGatewayOptions { LanAddress = LoopbackAddresses.Next(), WanAddress = LoopbackAddresses.Next() });

        Assert.That(
            async () => await gateway.ApplyFaultAsync(new Partition()),
            Throws.TypeOf<FaultRejectedException>().With.Message.Contains("cannot cut"));
    }

    [Test]
    public async Task ApplyFault_PartitionThenHeal_OnTheInProcessWan_CutsAndHealsOnce()
    {
        var network = new IgdLab.Contracts.InProcess.InProcessNetwork();
        await using var gateway = new VirtualGateway(new VirtualGatewayOptions
        {
            LanAddress = LoopbackAddresses.Next(),
            WanAddress = LoopbackAddresses.Next(),
            WanNetwork = network,
            InProcessNetwork = network,
        });

        var cut = await gateway.ApplyFaultAsync(new Partition { Direction = PartitionDirection.Inbound });
        var healed = await gateway.ApplyFaultAsync(new HealPartition());
        var healedAgain = await gateway.ApplyFaultAsync(new HealPartition());

        Assert.That(cut.Description, Is.EqualTo("WAN link cut inbound"));
        Assert.That(healed.Applied, Is.True);
        Assert.That(healedAgain.Applied, Is.False, "nothing was cut any more");
        Assert.That(
            async () => await gateway.ApplyFaultAsync(new Partition { Direction = PartitionDirection.None }),
            Throws.TypeOf<FaultRejectedException>());
    }

    [Test]
    public async Task ChangeWanIp_AddressHostCannotBind_RefusedAndForwardingStaysPut()
    {
        var refused = LoopbackAddresses.Next();
        await using var f = await GatewayFixture.StartAsync(configure: o => o.CanBindWanAddress = a => !a.Equals(refused));
        using var service = new EchoService(f.Client);
        await f.AddAsync(40042, service.Port);
        var old = f.Gateway.WanAddress;

        Assert.That(
            async () => await f.Gateway.ApplyFaultAsync(new ChangeWanIp { WanAddress = refused }),
            Throws.TypeOf<FaultRejectedException>().With.Message.StartsWith("the address must be bindable: "));

        Assert.That(f.Gateway.WanAddress, Is.EqualTo(old));
        Assert.That(f.Gateway.Events.Snapshot().Select(e => e.Kind), Has.None.EqualTo(GatewayEventKind.WanAddressChanged));
        Assert.That(await EchoService.RoundTripAsync(new IPEndPoint(old, 40042), "still here"), Is.EqualTo("still here"));
    }

    [Test]
    public async Task StartAsync_WanAddressHostCannotBind_ThrowsWithReasonAndOpensNothing()
    {
        var options = new VirtualGatewayOptions { LanAddress = LoopbackAddresses.Next(), WanAddress = LoopbackAddresses.Next(), CanBindWanAddress = _ => false };
        await using var gateway = new VirtualGateway(options);

        Assert.That(
            async () => await gateway.StartAsync(),
            Throws.InvalidOperationException.With.Message.EqualTo($"the address must be bindable: this host cannot listen on {options.WanAddress}"));
        Assert.That(gateway.IsUp, Is.False);
    }

    [Test]
    public async Task ChangeWanIp_NextAddressHostCannotBind_MovesToTheOneAfter()
    {
        var unbindable = LoopbackAddresses.Next();
        var bindable = LoopbackAddresses.Next();
        var plan = new Queue<IPAddress>([unbindable, bindable]);
        await using var f = await GatewayFixture.StartAsync(configure: o =>
        {
            o.NextWanAddress = _ => plan.Dequeue();
            o.CanBindWanAddress = a => !a.Equals(unbindable);
        });
        using var service = new EchoService(f.Client);
        await f.AddAsync(40043, service.Port);

        await f.Gateway.ApplyFaultAsync(new ChangeWanIp());

        Assert.That(f.Gateway.WanAddress, Is.EqualTo(bindable));
        Assert.That(await EchoService.RoundTripAsync(new IPEndPoint(bindable, 40043), "moved"), Is.EqualTo("moved"));
    }

    [Test]
    public async Task Reboot_WanAddressHostCannotBind_RefusedBeforeGoingDown()
    {
        var refused = LoopbackAddresses.Next();
        await using var f = await GatewayFixture.StartAsync(configure: o => o.CanBindWanAddress = a => !a.Equals(refused));
        var bootId = f.Gateway.BootId;

        // Refused before the task exists, so the control API can answer it although the reboot itself runs on.
        Assert.That(
            () => f.Gateway.ApplyFaultAsync(new Reboot { WanAddress = refused }),
            Throws.TypeOf<FaultRejectedException>().With.Message.StartsWith("the address must be bindable: "));

        Assert.That(f.Gateway.IsUp, Is.True);
        Assert.That(f.Gateway.BootId, Is.EqualTo(bootId));
        Assert.That(f.Gateway.Events.Snapshot().Select(e => e.Kind), Has.None.EqualTo(GatewayEventKind.RebootStarted));
    }

    [Test]
    public async Task Reboot_WipesTableIncrementsBootIdAndComesBackAfterDowntime()
    {
        await using var f = await GatewayFixture.StartAsync();
        using var service = new EchoService(f.Client);
        await f.AddAsync(40050, service.Port);
        var bootId = f.Gateway.BootId;

        var reboot = f.Gateway.ApplyFaultAsync(new Reboot { Downtime = TimeSpan.FromSeconds(5), NewWanIp = true });
        await WaitUntilAsync(() => f.Gateway.Events.Snapshot().Any(e => e.Kind == GatewayEventKind.RebootStarted));
        Assert.That(f.Gateway.Mappings, Is.Empty);
        Assert.That(reboot.IsCompleted, Is.False, "down until the downtime passes");
        Assert.ThrowsAsync<HttpRequestException>(() => f.Soap.Http.GetStringAsync(f.Gateway.DescriptionUrl));

        f.Time.Advance(TimeSpan.FromSeconds(5));
        await reboot;

        Assert.That(f.Gateway.IsUp, Is.True);
        Assert.That(f.Gateway.BootId, Is.EqualTo(bootId + 1));
        Assert.That(await EchoService.IsRefusedAsync(new IPEndPoint(f.Gateway.WanAddress, 40050)), Is.True);
        Assert.That((await f.CallAsync("GetExternalIPAddress"))["NewExternalIPAddress"], Is.EqualTo(f.Gateway.WanAddress.ToString()));
        var kinds = f.Gateway.Events.Snapshot().Select(e => e.Kind).ToList();
        Assert.That(kinds, Does.Contain(GatewayEventKind.RebootStarted).And.Contain(GatewayEventKind.RebootCompleted));
    }

    [Test]
    public async Task Reboot_ProfileKeepsTable_MappingsSurviveAndForward()
    {
        await using var f = await GatewayFixture.StartAsync(RouterProfileCatalog.Standard with { Reboot = new RebootPolicy { KeepTable = true } });
        using var service = new EchoService(f.Client);
        await f.AddAsync(40051, service.Port);
        await f.Gateway.ApplyFaultAsync(new Reboot());
        Assert.That(f.Gateway.Mappings, Has.Count.EqualTo(1));
        Assert.That(await EchoService.RoundTripAsync(new IPEndPoint(f.Gateway.WanAddress, 40051), "kept"), Is.EqualTo("kept"));
    }

    [Test]
    public async Task Reboot_NewHttpPort_MovesDescriptionUrl()
    {
        await using var f = await GatewayFixture.StartAsync();
        var before = f.Gateway.DescriptionUrl;
        await f.Gateway.ApplyFaultAsync(new Reboot { NewHttpPort = true });
        Assert.That(f.Gateway.DescriptionUrl.Port, Is.Not.EqualTo(before.Port));
        Assert.That(await f.Soap.Http.GetStringAsync(f.Gateway.DescriptionUrl), Does.Contain("InternetGatewayDevice"));
    }

    [Test]
    public async Task DisableUpnp_SoapRefusedButForwardingContinues_EnableRestores()
    {
        await using var f = await GatewayFixture.StartAsync();
        using var service = new EchoService(f.Client);
        await f.AddAsync(40060, service.Port);

        await f.Gateway.ApplyFaultAsync(new DisableUpnp());
        Assert.ThrowsAsync<HttpRequestException>(() => f.CallAsync("GetExternalIPAddress"));
        Assert.That(await EchoService.RoundTripAsync(new IPEndPoint(f.Gateway.WanAddress, 40060), "still"), Is.EqualTo("still"));

        await f.Gateway.ApplyFaultAsync(new EnableUpnp());
        Assert.That((await f.CallAsync("GetExternalIPAddress")).Status, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task EnableUpnp_DiscoveryAnswersOnlyOnceTheControlUrlListens()
    {
        // A device that finds the router again by SSDP maps at once; an answer before the control URL listens would
        // send it into a refused connection and a slow search for a router that seems to have moved.
        await using var f = await GatewayFixture.StartAsync();
        await f.Gateway.ApplyFaultAsync(new DisableUpnp());
        using var search = new UdpClient(new IPEndPoint(f.Client, 0));
        var request = Encoding.ASCII.GetBytes(
            $"M-SEARCH * HTTP/1.1\r\nHOST: {f.Gateway.SsdpEndPoint}\r\nMAN: \"ssdp:discover\"\r\nMX: 1\r\nST: upnp:rootdevice\r\n\r\n");
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var answered = Task.Run(async () =>
        {
            var receive = search.ReceiveAsync(stop.Token).AsTask();
            while (!receive.IsCompleted)
            {
                await search.SendAsync(request, f.Gateway.SsdpEndPoint, stop.Token);
                await Task.WhenAny(receive, Task.Delay(TimeSpan.FromMilliseconds(1), TimeProvider.System, stop.Token));
            }

            await receive;
            using var control = new TcpClient(new IPEndPoint(f.Client, 0));
            try
            {
                await control.ConnectAsync(f.Gateway.ControlUrl.Host, f.Gateway.ControlUrl.Port, stop.Token);
                return true;
            }
            catch (SocketException)
            {
                return false;
            }
        });

        await f.Gateway.ApplyFaultAsync(new EnableUpnp());

        Assert.That(await answered, Is.True, "the control URL accepted the connection right after the first SSDP answer");
    }

    [Test]
    public async Task SoapError_FailsCountCallsOfThatActionOnly()
    {
        await using var f = await GatewayFixture.StartAsync();
        await f.Gateway.ApplyFaultAsync(new SoapError { SoapAction = "AddPortMapping", Code = 501, Count = 2 });

        Assert.That((await f.CallAsync("GetExternalIPAddress")).Status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await f.AddAsync(40070, 1000)).ErrorCode, Is.EqualTo(501));
        Assert.That((await f.AddAsync(40070, 1000)).ErrorCode, Is.EqualTo(501));
        Assert.That((await f.AddAsync(40070, 1000)).Status, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task SoapDelay_AnswersOnlyAfterTheClockAdvances()
    {
        await using var f = await GatewayFixture.StartAsync();
        await f.Gateway.ApplyFaultAsync(new SoapDelay { Delay = TimeSpan.FromSeconds(3) });

        var call = f.CallAsync("GetExternalIPAddress");
        var first = await Task.WhenAny(call, Task.Delay(TimeSpan.FromMilliseconds(300), TimeProvider.System));
        Assert.That(first, Is.Not.SameAs(call), "the answer waits for the scenario clock, not the wall clock");
        await AdvanceUntilAsync(f, call, TimeSpan.FromSeconds(3));
        Assert.That((await call).Status, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task ZombieMapping_StaysListedButStopsForwarding()
    {
        await using var f = await GatewayFixture.StartAsync();
        using var service = new EchoService(f.Client);
        await f.AddAsync(40080, service.Port);

        await f.Gateway.ApplyFaultAsync(new ZombieMapping { Port = 40080 });

        Assert.That(f.Gateway.Mappings.Single().Zombie, Is.True);
        Assert.That((await f.CallAsync("GetSpecificPortMappingEntry", ("NewRemoteHost", ""), ("NewExternalPort", 40080), ("NewProtocol", "TCP"))).Status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await EchoService.IsRefusedAsync(new IPEndPoint(f.Gateway.WanAddress, 40080)), Is.True);

        await f.AddAsync(40080, service.Port);
        Assert.That(await EchoService.IsRefusedAsync(new IPEndPoint(f.Gateway.WanAddress, 40080)), Is.True, "renewal does not cure a zombie");
        await f.CallAsync("DeletePortMapping", ("NewRemoteHost", ""), ("NewExternalPort", 40080), ("NewProtocol", "TCP"));
        await f.AddAsync(40080, service.Port);
        Assert.That(await EchoService.RoundTripAsync(new IPEndPoint(f.Gateway.WanAddress, 40080), "alive"), Is.EqualTo("alive"));
    }

    [Test]
    public async Task ExpireLeases_RemovesLeasedMappingsNow()
    {
        await using var f = await GatewayFixture.StartAsync(RouterProfileCatalog.Standard with { IgdVersion = 1 });
        await f.AddAsync(40090, 1000, lease: 0);
        await f.AddAsync(40091, 1000, lease: 3600);
        var result = await f.Gateway.ApplyFaultAsync(new ExpireLeases());
        Assert.That(result.Description, Is.EqualTo("expired 1 lease"));
        Assert.That(f.Gateway.Mappings.Select(m => m.ExternalPort), Is.EqualTo(new[] { 40090 }));
    }

    [Test]
    public async Task IdleCleanup_DeletesIdleRulesAboveThreshold()
    {
        var profile = RouterProfileCatalog.Standard with { IdleCleanup = new IdleCleanupPolicy { IntervalSeconds = 600, Threshold = 2 } };
        await using var f = await GatewayFixture.StartAsync(profile);
        using var service = new EchoService(f.Client);
        for (var port = 40100; port < 40104; port++)
        {
            await f.AddAsync(port, service.Port, lease: 0);
        }

        f.Time.Advance(TimeSpan.FromSeconds(600));
        Assert.That(await EchoService.RoundTripAsync(new IPEndPoint(f.Gateway.WanAddress, 40100), "busy"), Is.EqualTo("busy"));
        f.Time.Advance(TimeSpan.FromSeconds(600));

        Assert.That(f.Gateway.Mappings.Select(m => m.ExternalPort), Is.EqualTo(new[] { 40100 }));
        Assert.That(f.Gateway.Events.Snapshot().Count(e => e.Reason == RemovalReason.IdleCleanup), Is.EqualTo(3));
    }

    [Test]
    public async Task ApplyFault_SoapErrorCountBelowOne_IsRefusedWithReason()
    {
        await using var f = await GatewayFixture.StartAsync();
        Assert.That(
            async () => await f.Gateway.ApplyFaultAsync(new SoapError { Count = 0 }),
            Throws.TypeOf<FaultRejectedException>().With.Message.EqualTo("the count must be at least 1, not 0"));
    }

    // A subscriber used to run inside the table's lock after the forwarder was bound and before the row existed: its
    // exception aborted the add and left a listener open on the WAN side with no mapping in the table.
    [Test]
    public async Task AddPortMapping_ThrowingEventSubscriber_LeavesNoOrphanListener()
    {
        await using var f = await GatewayFixture.StartAsync();
        using var service = new EchoService(f.Client);
        var heard = 0;
        f.Gateway.Events.Published += _ => throw new InvalidOperationException("subscriber bug");
        f.Gateway.Events.Published += e => Interlocked.Increment(ref heard);

        var add = await f.AddAsync(40095, service.Port);

        var key = new MappingKey(40095, MappingProtocol.Tcp);
        Assert.That(add.Status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(f.Gateway.Mappings.Select(m => m.Key), Is.EqualTo(new[] { key }));
        Assert.That(f.Gateway.WanPortStateOf(key), Is.EqualTo(WanPortState.Forwarding));
        Assert.That(await EchoService.RoundTripAsync(new IPEndPoint(f.Gateway.WanAddress, 40095), "ping"), Is.EqualTo("ping"));
        Assert.That(heard, Is.EqualTo(1), "the other subscriber still heard the add");
    }

    [Test]
    public async Task DeletePortMapping_ThrowingEventSubscriber_TableAndListenerAgree()
    {
        await using var f = await GatewayFixture.StartAsync();
        using var service = new EchoService(f.Client);
        await f.AddAsync(40096, service.Port);
        f.Gateway.Events.Published += _ => throw new InvalidOperationException("subscriber bug");

        var delete = await f.CallAsync("DeletePortMapping", ("NewRemoteHost", ""), ("NewExternalPort", 40096), ("NewProtocol", "TCP"));

        Assert.That(delete.Status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(f.Gateway.Mappings, Is.Empty);
        Assert.That(f.Gateway.WanPortStateOf(new MappingKey(40096, MappingProtocol.Tcp)), Is.EqualTo(WanPortState.Closed));
    }

    [Test]
    public async Task MappingEvents_AreDeliveredOutsideTheTableLock()
    {
        // A subscriber that reads the table back (on another thread, as an oracle would) must not deadlock and sees the row.
        await using var f = await GatewayFixture.StartAsync();
        using var service = new EchoService(f.Client);
        IReadOnlyList<PortMapping>? seen = null;
        f.Gateway.Events.Published += e =>
        {
            if (e.Kind == GatewayEventKind.MappingAdded)
            {
                seen = Task.Run(() => f.Gateway.Mappings).Wait(TimeSpan.FromSeconds(5)) ? f.Gateway.Mappings : null;
            }
        };

        await f.AddAsync(40097, service.Port);

        Assert.That(seen?.Select(m => m.ExternalPort), Is.EqualTo(new[] { 40097 }));
    }

    // HttpClient cannot read a reply that arrives before it finished sending, so the 4 MB request goes over a raw socket:
    // the router must answer 413 from the Content-Length alone, without waiting for the body.
    private static async Task<string> PostHugeBodyAsync(Uri url, int length)
    {
        using var client = new TcpClient(AddressFamily.InterNetwork);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await client.ConnectAsync(url.Host, url.Port, cts.Token);
        var stream = client.GetStream();
        var head = $"POST {url.AbsolutePath} HTTP/1.1\r\nHost: {url.Authority}\r\nContent-Type: text/xml\r\n" +
            $"SOAPAction: \"{GatewayFixture.WanIp2}#AddPortMapping\"\r\nContent-Length: {length}\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head), cts.Token);
        await stream.WriteAsync(new byte[64 * 1024], cts.Token);
        using var reader = new StreamReader(stream, Encoding.ASCII);
        return await reader.ReadLineAsync(cts.Token) ?? "";
    }

    private static async Task AdvanceUntilAsync(GatewayFixture f, Task call, TimeSpan step)
    {
        // The delay starts once the request reaches the handler; keep advancing until the call completes.
        for (var i = 0; i < 200 && !call.IsCompleted; i++)
        {
            f.Time.Advance(step);
            await Task.WhenAny(call, Task.Delay(TimeSpan.FromMilliseconds(20), TimeProvider.System));
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 500 && !condition(); i++)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(10), TimeProvider.System);
        }

        Assert.That(condition(), Is.True, "condition not reached within 5 s");
    }

    /// <summary>A line echo service on a loopback address, standing in for a device's service.</summary>
    internal sealed class EchoService : IDisposable
    {
        private readonly TcpListener _listener;
        private readonly CancellationTokenSource _stop = new();

        public EchoService(IPAddress address)
        {
            _listener = new TcpListener(address, 0);
            _listener.Start();
            _ = LoopAsync();
        }

        public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

        public static async Task<string?> RoundTripAsync(IPEndPoint target, string line)
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            using var client = new TcpClient(AddressFamily.InterNetwork);
            await client.ConnectAsync(target, cts.Token);
            var stream = client.GetStream();
            await stream.WriteAsync(Encoding.ASCII.GetBytes(line + "\n"), cts.Token);
            using var reader = new StreamReader(stream);
            return await reader.ReadLineAsync(cts.Token);
        }

        public static async Task<bool> IsRefusedAsync(IPEndPoint target)
        {
            try
            {
                using var client = new TcpClient(AddressFamily.InterNetwork);
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await client.ConnectAsync(target, cts.Token);
                return false;
            }
            catch (SocketException ex) when (ex.SocketErrorCode == SocketError.ConnectionRefused)
            {
                return true;
            }
        }

        public void Dispose()
        {
            _stop.Cancel();
            _listener.Stop();
            _stop.Dispose();
        }

        private async Task LoopAsync()
        {
            try
            {
                while (true)
                {
                    var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                    _ = Task.Run(async () =>
                    {
                        using (client)
                        {
                            var stream = client.GetStream();
                            using var reader = new StreamReader(stream);
                            var line = await reader.ReadLineAsync();
                            await stream.WriteAsync(Encoding.ASCII.GetBytes(line + "\n"));
                        }
                    });
                }
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                // Stopped.
            }
        }
    }
}
