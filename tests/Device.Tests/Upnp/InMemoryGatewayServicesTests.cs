using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using IgdLab.Contracts;
using IgdLab.Contracts.InProcess;
using IgdLab.Device.Devices;
using IgdLab.Device.PortControl;
using IgdLab.Device.Upnp.Gena;
using IgdLab.Device.Upnp.Http;
using IgdLab.Device.Upnp.Soap;
using IgdLab.Igd;
using IgdLab.Igd.Faults;
using IgdLab.Igd.Profiles;
using IgdLab.TestUtilities;
using Microsoft.Extensions.Time.Testing;

namespace IgdLab.Device.Tests.Upnp;

/// <summary>
/// A gateway whose LAN services live on a simulated network (<see cref="VirtualGatewayOptions.ServiceNetwork"/>):
/// SSDP searches, descriptions, SOAP, GENA and NAT-PMP/PCP reach it in memory from a device on that network, it sees the device's
/// own address, and none of them holds a kernel socket.
/// </summary>
[Category("Loopback")]
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class InMemoryGatewayServicesTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly InProcessNetwork _network = new();
    private readonly IPAddress _device = LoopbackAddresses.Next();
    private VirtualGateway _gateway = null!;

    [SetUp]
    public async Task StartAsync() =>
        _gateway = await TestGateways.StartAsync(_time, RouterProfileCatalog.Standard with { SecureMode = true }, options =>
        {
            options.InProcessNetwork = _network;
            options.ServiceNetwork = _network;
        });

    [TearDown]
    public async Task StopAsync() => await _gateway.DisposeAsync();

    [Test]
    public async Task Description_ServedInMemory_NothingListensOnTheKernel()
    {
        using var http = new HttpClient(LocalBoundHttpClientFactory.CreateHandler(_device, _network));

        var description = await http.GetStringAsync(_gateway.DescriptionUrl);

        Assert.That(description, Does.Contain("urn:schemas-upnp-org:device:InternetGatewayDevice"));
        var port = _gateway.DescriptionUrl.Port;
        Assert.That(_network.FindConnections(new IPEndPoint(_gateway.LanAddress, port)), Is.Not.Null);
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        var refused = Assert.ThrowsAsync<SocketException>(async () => await socket.ConnectAsync(new IPEndPoint(_gateway.LanAddress, port)));
        Assert.That(refused!.SocketErrorCode, Is.EqualTo(SocketError.ConnectionRefused));
    }

    [Test]
    public async Task Soap_FromAFlowOnTheNetwork_TheGatewaySeesTheDevicesOwnAddress()
    {
        using var scope = NetworkScope.EnterInProcess(_network);
        using var soap = new IgdSoapClient(_gateway.ControlUrl, UpnpUrns.WanIpConnection2, new UpnpClientOptions { LocalAddress = _device });

        await soap.AddPortMappingAsync(Entry(41000, _device));
        var other = Assert.ThrowsAsync<UpnpErrorException>(() => soap.AddPortMappingAsync(Entry(41001, LoopbackAddresses.Next())));

        Assert.That(_gateway.Mappings.Single().InternalClient, Is.EqualTo(_device), "secure mode let the device map its own address");
        Assert.That(other!.Code, Is.EqualTo(UpnpErrorCode.ActionNotAuthorized), "and judged the other request by the address the device came from");
    }

    [Test]
    public async Task Gena_SubscriberOnTheNetwork_GetsItsEventsInMemory()
    {
        var addresses = new ConcurrentQueue<string>();
        GenaSubscriber subscriber;
        using (NetworkScope.EnterInProcess(_network))
        {
            subscriber = new GenaSubscriber(_device, _time);
        }

        await using (subscriber)
        {
            subscriber.ExternalAddressChanged += addresses.Enqueue;
            var offeredBefore = _network.Count;
            using (NetworkScope.EnterInProcess(_network))
            {
                await subscriber.SubscribeAsync(_gateway.EventUrl, TimeSpan.FromSeconds(1800));
            }

            await Eventually.HoldsAsync(() => !addresses.IsEmpty, "the initial event arrived");
            Assert.That(addresses, Is.EqualTo(new[] { _gateway.WanAddress.ToString() }));
            Assert.That(_network.Count, Is.EqualTo(offeredBefore + 1), "the callback server is offered on the network, not on a kernel socket");
        }

        Assert.That(_network.Count, Is.EqualTo(1), "disposing the subscriber withdrew its callback server");
    }

    [Test]
    public async Task Ssdp_ASearchFromAFlowOnTheNetwork_FindsTheGatewayInMemory()
    {
        using var scope = NetworkScope.EnterInProcess(_network);
        var locator = SsdpGatewayLocator.Unicast(_gateway.SsdpEndPoint, _device, TimeSpan.FromSeconds(5));

        var service = await locator.LocateAsync(CancellationToken.None);

        Assert.That(service.ControlUrl, Is.EqualTo(_gateway.ControlUrl));
        Assert.That(_network.FindDatagrams(_gateway.SsdpEndPoint), Is.Not.Null, "the responder is offered on the network");
        using var kernel = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        Assert.DoesNotThrow(() => kernel.Bind(_gateway.SsdpEndPoint), "and holds no kernel socket at its endpoint");
    }

    [Test]
    public async Task NatPmp_FromAFlowOnTheNetwork_MapsInMemory_AndItsAnnouncementArrives()
    {
        using var scope = NetworkScope.EnterInProcess(_network);
        var endPoint = _gateway.PortControlEndPoint!;
        using var client = new NatPmpClient(_device, endPoint, new PortControlClientOptions { InitialTimeout = TimeSpan.FromMilliseconds(200), MaxTimeout = TimeSpan.FromSeconds(1), MaxAttempts = 4 }, TimeProvider.System);
        await using var listener = new PortControlAnnouncementListener(_device, _gateway.LanAddress, new EpochTracker(_time));
        var announced = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        listener.ExternalAddressChanged += address => announced.TrySetResult(address);

        await client.MapAsync(MappingProtocol.Tcp, 5000, 41002, 600, CancellationToken.None);
        await _gateway.ApplyFaultAsync(new ChangeWanIp());

        Assert.That(_gateway.Mappings.Single().InternalClient, Is.EqualTo(_device));
        Assert.That(await announced.Task.WaitAsync(TimeSpan.FromSeconds(10), TimeProvider.System), Is.EqualTo(_gateway.WanAddress.ToString()), "the new address was announced to the device in memory");
        Assert.That(_network.FindDatagrams(endPoint), Is.Not.Null);
        using var kernel = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        Assert.DoesNotThrow(() => kernel.Bind(endPoint), "the NAT-PMP/PCP server holds no kernel socket");
    }

    [Test]
    public async Task Stop_WithdrawsTheHttpOffer_AConnectionIsRefused()
    {
        var endPoint = new IPEndPoint(_gateway.LanAddress, _gateway.DescriptionUrl.Port);

        await _gateway.StopAsync();

        Assert.That(_network.TryConnect(endPoint), Is.Null, "a router that is down refuses, in memory as on a socket");
    }

    private static PortMappingEntry Entry(int externalPort, IPAddress client) => new()
    {
        ExternalPort = externalPort,
        Protocol = MappingProtocol.Tcp,
        InternalClient = client.ToString(),
        InternalPort = 8080,
        Description = "test",
        LeaseSeconds = 3600,
    };
}
