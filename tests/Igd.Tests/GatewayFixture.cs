using System.Net;
using IgdLab.Igd.Profiles;
using IgdLab.TestUtilities;
using Microsoft.Extensions.Time.Testing;

namespace IgdLab.Igd.Tests;

/// <summary>A started virtual gateway on fresh loopback addresses, with a fake clock and a SOAP caller, for one test.</summary>
internal sealed class GatewayFixture : IAsyncDisposable
{
    public const string WanIp1 = "urn:schemas-upnp-org:service:WANIPConnection:1";
    public const string WanIp2 = "urn:schemas-upnp-org:service:WANIPConnection:2";

    private GatewayFixture(VirtualGateway gateway, FakeTimeProvider time, IPAddress client)
    {
        Gateway = gateway;
        Time = time;
        Client = client;
        Soap = new SoapTestClient(client);
    }

    public VirtualGateway Gateway { get; }

    public FakeTimeProvider Time { get; }

    /// <summary>The LAN address the SOAP caller binds to (its "own IP" for secure mode).</summary>
    public IPAddress Client { get; }

    public SoapTestClient Soap { get; }

    public static async Task<GatewayFixture> StartAsync(RouterProfile? profile = null, Action<VirtualGatewayOptions>? configure = null)
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
        configure?.Invoke(options);
        var gateway = new VirtualGateway(options, time);
        await gateway.StartAsync();
        return new GatewayFixture(gateway, time, LoopbackAddresses.Next());
    }

    public Task<SoapResult> CallAsync(string action, params (string Name, object Value)[] arguments) =>
        Soap.CallAsync(Gateway.ControlUrl, Gateway.Profile.IgdVersion >= 2 ? WanIp2 : WanIp1, action, arguments);

    public Task<SoapResult> AddAsync(int externalPort, int internalPort, IPAddress? client = null, uint lease = 3600, string protocol = "TCP") =>
        CallAsync(
            "AddPortMapping",
            ("NewRemoteHost", ""),
            ("NewExternalPort", externalPort),
            ("NewProtocol", protocol),
            ("NewInternalPort", internalPort),
            ("NewInternalClient", (client ?? Client).ToString()),
            ("NewEnabled", 1),
            ("NewPortMappingDescription", "fixture"),
            ("NewLeaseDuration", lease));

    public async ValueTask DisposeAsync()
    {
        Soap.Dispose();
        await Gateway.DisposeAsync();
    }
}
