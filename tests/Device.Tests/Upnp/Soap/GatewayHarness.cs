using System.Net;
using IgdLab.Device.Upnp.Soap;
using IgdLab.Igd;
using IgdLab.Igd.Profiles;
using IgdLab.TestUtilities;
using Microsoft.Extensions.Time.Testing;

namespace IgdLab.Device.Tests.Upnp.Soap;

/// <summary>
/// A virtual gateway on fresh loopback addresses (its own fake clock) and an <see cref="IgdSoapClient"/> bound to a fresh
/// loopback address of its own, so that secure mode sees the client as that address.
/// </summary>
internal sealed class GatewayHarness : IAsyncDisposable
{
    private readonly List<IgdSoapClient> _clients = [];

    private GatewayHarness(VirtualGateway gateway, FakeTimeProvider time, IPAddress client)
    {
        Gateway = gateway;
        Time = time;
        ClientAddress = client;
        Soap = CreateClient();
    }

    public VirtualGateway Gateway { get; }

    /// <summary>The gateway's clock.</summary>
    public FakeTimeProvider Time { get; }

    /// <summary>The device's own loopback address.</summary>
    public IPAddress ClientAddress { get; }

    public IgdSoapClient Soap { get; }

    public string ServiceType => Gateway.Profile.IgdVersion >= 2 ? UpnpUrns.WanIpConnection2 : UpnpUrns.WanIpConnection1;

    public Uri CommonControlUrl => new(Gateway.ControlUrl, "/ctl/CmnIfCfg");

    /// <summary>Client options for tests: real clock, short retry delays, bound to <see cref="ClientAddress"/>.</summary>
    public UpnpClientOptions ClientOptions => new()
    {
        LocalAddress = ClientAddress,
        RetryDelay = TimeSpan.FromMilliseconds(5),
        MaxRetryDelay = TimeSpan.FromMilliseconds(20),
    };

    public static async Task<GatewayHarness> StartAsync(RouterProfile? profile = null)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var options = new VirtualGatewayOptions
        {
            LanAddress = LoopbackAddresses.Next(),
            WanAddress = LoopbackAddresses.Next(),
            Profile = profile ?? RouterProfileCatalog.Standard,
        };
        var nextWan = LoopbackAddresses.Next();
        options.NextWanAddress = _ => nextWan;
        var gateway = new VirtualGateway(options, time);
        try
        {
            await gateway.StartAsync();
        }
        catch
        {
            await gateway.DisposeAsync();
            throw;
        }

        return new GatewayHarness(gateway, time, LoopbackAddresses.Next());
    }

    /// <summary>Another client of the same service; disposed with the harness.</summary>
    public IgdSoapClient CreateClient(UpnpClientOptions? options = null, TimeProvider? time = null, Uri? controlUrl = null)
    {
        var client = new IgdSoapClient(controlUrl ?? Gateway.ControlUrl, ServiceType, options ?? ClientOptions, time ?? TimeProvider.System);
        _clients.Add(client);
        return client;
    }

    /// <summary>A mapping request for AddPortMapping from this device (or <paramref name="client"/>).</summary>
    public PortMappingEntry Entry(
        int externalPort, int internalPort = 8080, uint lease = 3600, IPAddress? client = null, MappingProtocol protocol = MappingProtocol.Tcp, string description = "test") =>
        new()
        {
            ExternalPort = externalPort,
            Protocol = protocol,
            InternalClient = (client ?? ClientAddress).ToString(),
            InternalPort = internalPort,
            Description = description,
            LeaseSeconds = lease,
        };

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }

        await Gateway.DisposeAsync();
    }
}
